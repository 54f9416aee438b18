package dev.outrider.app;

import dev.outrider.job.CrashLeftovers;
import dev.outrider.job.JobEnvironment;
import dev.outrider.job.JobLauncher;

/** The job lifecycle, and {@code outrider run}'s local job. */
final class JobModule extends AreaModule {

    @Override
    protected void bindArea() {
        bind(JobEnvironment.class).toInstance(new JobEnvironment(System.getenv()));
        bind(JobLauncher.class);
        bind(LocalRun.class);
        bind(CrashLeftovers.class);
    }
}
