package dev.outrider.shell;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.PluginException;
import dev.outrider.toolkit.AgentInstance;
import dev.outrider.toolkit.JobCgroups;
import org.pf4j.Extension;

/** The {@code shell} executor: each job in one {@code bash --login} in a pseudo-terminal on this machine. */
@Extension
public final class ShellExecutorFactory implements JobExecutorFactory {

    /** The executor's id. */
    public static final String NAME = "shell";

    private final AgentInstance agent = AgentInstance.current();
    private JobCgroups cgroups;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "runs each job in one persistent bash --login in a pseudo-terminal on this machine";
    }

    @Override
    public JobExecutor create(ExecutorContext context) {
        if (!context.options().isEmpty()) {
            throw new PluginException("executor 'shell' takes no options; remove "
                    + String.join(", ", context.options().keySet().stream().sorted().toList())
                    + " from 'executor-options'");
        }
        return new ShellExecutor(context, cgroups(context), agent);
    }

    /** The hierarchy is found with the first job, so that an agent that runs none never looks. */
    private synchronized JobCgroups cgroups(ExecutorContext context) {
        if (cgroups == null) {
            cgroups = JobCgroups.detect(context.environment());
        }
        return cgroups;
    }
}
