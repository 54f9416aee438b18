package dev.outrider.agent;

import dev.outrider.config.AgentConfig;
import dev.outrider.job.ExecutorChoice;
import dev.outrider.config.JobSettings.ArtifactSettings;
import dev.outrider.config.JobSettings.CacheSettings;
import dev.outrider.plugin.PluginHost;
import dev.outrider.plugin.UnknownExtensionException;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.PluginException;
import jakarta.inject.Inject;
import java.util.Objects;

/**
 * What {@code outrider start} checks of each agent type before any agent registers: that the jobs it
 * takes have an executor (the one it names, or {@code shell} for {@code executor: auto}) and that its
 * executor options and cache setting are accepted. An agent that could only fail its jobs does not
 * register.
 */
public final class AgentTypeCheck {

    private final PluginHost host;

    /** @param host the installed plugins */
    @Inject
    public AgentTypeCheck(PluginHost host) {
        this.host = Objects.requireNonNull(host, "host");
    }

    /**
     * @param type an agent type
     * @throws UnknownExtensionException naming the agent type, the executor, what is installed and the plugins folder
     * @throws PluginException           naming the agent type and the option a plugin refused
     */
    public void check(AgentConfig type) {
        if (ExecutorChoice.isAuto(type.executor())) {
            // auto: jobs that name no executor run in 'shell'; docker (for dockercompose jobs) may be absent
            executor(type, ExecutorChoice.SHELL, " (executor: auto runs jobs that name no executor with it)");
            if (host.executors().conflicts().containsKey(ExecutorChoice.DOCKER)) {
                executor(type, ExecutorChoice.DOCKER, " (executor: auto runs dockercompose jobs with it)");
            }
        } else {
            JobExecutorFactory executor = executor(type, type.executor(), "");
            try {
                executor.prepare(type.executorOptions());
            } catch (PluginException e) {
                throw new PluginException("agent type '" + type.label() + "': " + e.getMessage(), e);
            }
        }
        if (type.job().cache().isPresent()) {
            CacheSettings cache = type.job().cache().get();
            try {
                host.cacheBackends().get(cache.backend()).prepare(cache.options());
            } catch (PluginException | UnknownExtensionException e) {
                throw new PluginException("agent type '" + type.label() + "': 'cache': " + e.getMessage(), e);
            }
        }
        if (type.job().artifacts().isPresent()) {
            ArtifactSettings artifacts = type.job().artifacts().get();
            try {
                host.artifactStores().get(artifacts.store()).prepare(artifacts.options());
            } catch (PluginException | UnknownExtensionException e) {
                throw new PluginException("agent type '" + type.label() + "': 'artifacts.store': " + e.getMessage(), e);
            }
        }
    }

    private JobExecutorFactory executor(AgentConfig type, String name, String why) {
        try {
            return host.executor(name);
        } catch (UnknownExtensionException e) {
            throw new UnknownExtensionException("agent type '" + type.label() + "': executor '" + name + "'" + why
                    + " cannot be used: " + e.getMessage());
        }
    }
}
