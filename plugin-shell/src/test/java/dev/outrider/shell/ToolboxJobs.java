package dev.outrider.shell;

import dev.outrider.spi.LogEvent;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Shell-executor jobs with the toolbox of the source tree ({@code dist/src/main/dist/toolbox}, as an
 * installation's), for tests of its job-side commands. Sets the system property {@code outrider.home}
 * while open and puts the previous value back on close.
 */
final class ToolboxJobs implements AutoCloseable {

    private static final String HOME_PROPERTY = "outrider.home";

    private final String previousHome;
    private final JobHarness harness;

    ToolboxJobs() {
        previousHome = System.getProperty(HOME_PROPERTY);
        System.setProperty(HOME_PROPERTY, Path.of("../dist/src/main/dist").toAbsolutePath().normalize().toString());
        harness = new JobHarness(new ShellExecutorFactory(), Map.of());
    }

    /**
     * Runs a job that first changes to a folder.
     *
     * @param folder    its working directory
     * @param variables its environment variables
     * @param epilogue  commands that always run at its end
     * @param commands  its commands
     */
    Job run(Path folder, Map<String, String> variables, List<String> epilogue, String... commands) throws InterruptedException {
        JobRequests request = JobRequests.job().command("cd " + folder);
        variables.forEach(request::env);
        for (String command : commands) {
            request.command(command);
        }
        epilogue.forEach(request::epilogueAlways);
        return new Job(harness.run(request.build()), folder);
    }

    @Override
    public void close() {
        harness.close();
        if (previousHome == null) {
            System.clearProperty(HOME_PROPERTY);
        } else {
            System.setProperty(HOME_PROPERTY, previousHome);
        }
    }

    /** A finished job and the folder it ran in. */
    record Job(JobRun run, Path folder) {

        /** @return what a command printed, with the terminal's line ends as {@code \n} */
        String output(String command) {
            return run.outputOf(command).replace("\r\n", "\n");
        }

        /** @return a command's exit status */
        int status(String command) {
            return run.events().stream().filter(LogEvent.CommandFinished.class::isInstance)
                    .map(LogEvent.CommandFinished.class::cast).filter(finished -> finished.directive().equals(command))
                    .findFirst().orElseThrow(() -> new AssertionError("no step '" + command + "' in:\n" + run.output()))
                    .exitCode();
        }
    }
}
