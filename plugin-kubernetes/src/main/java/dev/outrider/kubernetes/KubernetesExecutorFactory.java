package dev.outrider.kubernetes;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import java.nio.file.Path;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The {@code kubernetes} executor: each job in a pod of its own, commands over the API's exec stream.
 * Semaphore's {@code kubernetes-executor: true} selects it too.
 */
@Extension
public final class KubernetesExecutorFactory implements JobExecutorFactory {

    /** The executor's id. */
    public static final String NAME = "kubernetes";

    // fabric8's types stay out of this class: PF4J and Guice reflect on it at every agent start, and an
    // agent that runs no Kubernetes job should not load the client library (see Clusters)
    private final Clusters clusters;

    /** The extension, with the process's environment. */
    public KubernetesExecutorFactory() {
        this(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * @param environment the environment to find credentials and the namespace in
     * @param home        the user's home folder ({@code ~/.kube/config})
     */
    KubernetesExecutorFactory(Map<String, String> environment, Path home) {
        this.clusters = new Clusters(environment, home);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "runs each job in a Kubernetes pod of its own (services as further containers, commands over the API's exec)";
    }

    /**
     * Checks the options. The cluster is not contacted: the client is built, and what crashed agents
     * left is swept, with the first job.
     */
    @Override
    public void prepare(Map<String, Object> options) {
        KubernetesOptions.parse(options);
    }

    @Override
    public JobExecutor create(ExecutorContext context) {
        return new KubernetesExecutor(clusters, KubernetesOptions.parse(context.options()), context);
    }
}
