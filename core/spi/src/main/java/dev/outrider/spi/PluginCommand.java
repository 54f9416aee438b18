package dev.outrider.spi;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.pf4j.ExtensionPoint;

/**
 * A command a plugin adds to {@code outrider}: {@code outrider NAME ARGS...} runs it (for example
 * {@code outrider controller} of the Kubernetes plugin). The core loads the plugins only when the
 * first argument is not one of its own commands, so a plugin command costs {@code outrider start}
 * nothing.
 *
 * <p>The command runs on a thread of its own, whose context class loader is the plugin's. SIGINT and
 * SIGTERM interrupt that thread: return soon after, having stopped what you started; the process
 * exits with what {@link #run} returns.
 */
public interface PluginCommand extends ExtensionPoint {

    /** @return the command's name: lower case letters, digits and dashes, unique among installed plugins */
    String name();

    /** @return one line that tells an operator what the command does */
    String description();

    /**
     * Runs the command to its end.
     *
     * @param invocation its arguments, the process environment and where to write
     * @return the exit status: 0 success, 1 failure, 2 bad arguments or configuration (say which)
     * @throws InterruptedException when SIGINT or SIGTERM arrived while it waited
     */
    int run(Invocation invocation) throws InterruptedException;

    /**
     * One run of a command.
     *
     * @param args        the arguments after the command's name
     * @param environment the process environment
     * @param out         standard output
     * @param err         standard error (the agent log goes there too)
     */
    record Invocation(List<String> args, Map<String, String> environment, PrintStream out, PrintStream err) {
        public Invocation {
            args = List.copyOf(args);
            environment = Map.copyOf(environment);
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(err, "err");
        }
    }
}
