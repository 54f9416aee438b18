package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import dev.outrider.spi.SpiVersion;
import dev.outrider.testkit.JobHarness;
import dev.outrider.testkit.JobRequests;
import dev.outrider.testkit.JobRun;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pf4j.ExtensionPoint;

/**
 * An executor built against the SPI before 2.0, which had {@code dev.outrider.spi.TerminalSession}: it is
 * compiled here against a stand-in of that class, then run without it, as a plugin zip built for the old
 * SPI runs in this agent. The job fails, and its log says what changed in the SPI.
 */
class OldSpiExecutorTest {

    private static final String OLD_TERMINAL_SESSION = """
            package dev.outrider.spi;

            public final class TerminalSession {
                public TerminalSession(String shell) {
                }
            }
            """;

    private static final String OLD_EXECUTOR = """
            package com.example.old;

            import dev.outrider.spi.ExecutorContext;
            import dev.outrider.spi.Job;
            import dev.outrider.spi.JobExecutor;
            import dev.outrider.spi.JobExecutorFactory;
            import dev.outrider.spi.StepOutput;
            import dev.outrider.spi.StepRunner;
            import dev.outrider.spi.TerminalSession;

            public final class OldExecutorFactory implements JobExecutorFactory {
                public String name() {
                    return "old";
                }

                public String description() {
                    return "an executor built for the SPI before 2.0";
                }

                public JobExecutor create(ExecutorContext context) {
                    return new JobExecutor() {
                        public boolean start(StepRunner steps) {
                            Object session = new TerminalSession("bash");
                            return session != null;
                        }

                        public int run(String script, StepOutput output) {
                            return 0;
                        }

                        public int exportEnvironment(byte[] envFile) {
                            return 0;
                        }

                        public String describeDestination(String path) {
                            return path;
                        }

                        public int injectFile(Job.File file, StepOutput output) {
                            return 0;
                        }

                        public void stop() {
                        }

                        public void close() {
                        }
                    };
                }
            }
            """;

    @Test
    void aJobOfAnExecutorBuiltAgainstTheOldSpiFailsSayingWhatChanged(@TempDir Path work) throws Exception {
        Path sources = work.resolve("src");
        Path classes = Files.createDirectories(work.resolve("classes"));
        Path stub = write(sources.resolve("dev/outrider/spi/TerminalSession.java"), OLD_TERMINAL_SESSION);
        Path executor = write(sources.resolve("com/example/old/OldExecutorFactory.java"), OLD_EXECUTOR);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        String spi = location(JobExecutorFactory.class) + File.pathSeparator + location(ExtensionPoint.class);
        int status = javac.run(null, null, null, "--release", "21", "-proc:none", "-classpath", spi,
                "-d", classes.toString(), stub.toString(), executor.toString());
        assertThat(status).as("javac").isZero();
        // the plugin ships its own classes only: the old SPI class is not in this agent
        Files.delete(classes.resolve("dev/outrider/spi/TerminalSession.class"));

        try (URLClassLoader plugin = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                getClass().getClassLoader());
             JobHarness harness = new JobHarness((JobExecutorFactory) plugin
                     .loadClass("com.example.old.OldExecutorFactory").getConstructor().newInstance(), Map.of())) {
            JobRun run = harness.run(JobRequests.job().command("echo never").build());

            assertThat(run.result()).isEqualTo(JobResult.FAILED);
            assertThat(String.join("\n", run.lines()))
                    .contains("The job's executor failed: java.lang.NoClassDefFoundError: dev/outrider/spi/TerminalSession;"
                            + " the plugin was built against an older Outrider SPI. Outrider SPI 2.0")
                    .contains("TerminalSession, MarkerParser and LocalJobFiles moved to outrider-plugin-toolkit")
                    .doesNotContain("echo never");
        }
    }

    private static String location(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static Path write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
