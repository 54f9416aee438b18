package dev.outrider.spi;

import java.util.Map;
import org.pf4j.ExtensionPoint;

/**
 * Creates the executor of one job. Operators choose a factory by its {@link #name()} (for example
 * {@code executor: shell} in the agent's YAML).
 *
 * <p>Implementations are PF4J extensions ({@code @Extension}), created once per process through
 * Guice, and must be thread-safe: several agents may create executors concurrently.
 */
public interface JobExecutorFactory extends ExtensionPoint {

    /** @return the id operators use, unique among installed plugins (for example {@code shell}) */
    String name();

    /** @return one line that tells an operator what this executor does */
    String description();

    /**
     * Creates the executor of one job. Nothing is started yet: {@link JobExecutor#start} does that.
     *
     * @param context the job and what the core gives it
     * @return a new executor owned by the caller, which closes it
     * @throws PluginException when the executor options are invalid (name the key and the accepted form)
     */
    JobExecutor create(ExecutorContext context);

    /**
     * Called once for each agent type whose configuration names this executor, when {@code outrider
     * start} starts (not for agent types that follow each job request's {@code executor}): the place to
     * check the options, so that a mistake stops the agent at once rather than failing its first job,
     * and to tidy up after a previous agent process (containers a crashed agent left, ...).
     *
     * @param options the agent type's executor options
     * @throws PluginException when the options are invalid (name the key and the accepted form)
     */
    default void prepare(Map<String, Object> options) {
    }
}
