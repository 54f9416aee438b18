package com.example.outrider;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.Job;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.StepOutput;
import dev.outrider.spi.StepRunner;
import java.nio.charset.StandardCharsets;
import org.pf4j.Extension;

/**
 * A broken third-party executor: a command containing {@code throw-error} makes it throw a
 * {@link NoClassDefFoundError}, as a plugin missing one of its classes would; other commands only
 * echo themselves.
 */
@Extension
public final class ThrowingExecutorFactory implements JobExecutorFactory {

    @Override
    public String name() {
        return "throwing";
    }

    @Override
    public String description() {
        return "throws an Error for commands containing throw-error";
    }

    @Override
    public JobExecutor create(ExecutorContext context) {
        return new JobExecutor() {
            @Override
            public boolean start(StepRunner steps) {
                return true;
            }

            @Override
            public int run(String script, StepOutput output) {
                if (script.contains("throw-error")) {
                    throw new NoClassDefFoundError("com/example/outrider/MissingClass");
                }
                byte[] bytes = ("ran: " + script + "\n").getBytes(StandardCharsets.UTF_8);
                output.write(bytes, 0, bytes.length);
                return 0;
            }

            @Override
            public int exportEnvironment(byte[] envFile) {
                return 0;
            }

            @Override
            public String describeDestination(String path) {
                return path;
            }

            @Override
            public int injectFile(Job.File file, StepOutput output) {
                return 0;
            }

            @Override
            public void stop() {
            }

            @Override
            public void close() {
            }
        };
    }
}
