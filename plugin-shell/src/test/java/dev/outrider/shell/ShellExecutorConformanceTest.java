package dev.outrider.shell;

import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.testkit.ExecutorContractSuite;
import java.nio.file.Path;

/** Semaphore's conformance cases against the real shell executor: bash in a pty on this machine. */
class ShellExecutorConformanceTest extends ExecutorContractSuite {

    @Override
    protected JobExecutorFactory executor() {
        return new ShellExecutorFactory();
    }

    @Override
    protected String shownDestination(String path) {
        if (path.startsWith("/")) {
            return path;
        }
        return Path.of(System.getenv().getOrDefault("HOME", System.getProperty("user.home"))).resolve(path).toString();
    }
}
