package dev.outrider.kubernetes.controller;

import dev.outrider.spi.PluginCommand;
import org.pf4j.Extension;

/**
 * {@code outrider controller}: runs an agent per queued Semaphore job as a Kubernetes Job, like
 * Semaphore's agent-k8s-controller. Every {@code outrider start} loads this class with the plugin,
 * so it mentions no Kubernetes client type: the client loads only when the command runs.
 */
@Extension
public final class ControllerCommand implements PluginCommand {

    @Override
    public String name() {
        return "controller";
    }

    @Override
    public String description() {
        return "start an agent per queued Semaphore job as a Kubernetes Job (the agent-k8s-controller's settings)";
    }

    @Override
    public int run(Invocation invocation) throws InterruptedException {
        return ControllerProcess.run(invocation.args(), invocation.environment(), invocation.out(), invocation.err());
    }
}
