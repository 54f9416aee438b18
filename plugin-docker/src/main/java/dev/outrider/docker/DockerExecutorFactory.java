package dev.outrider.docker;

import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutor;
import dev.outrider.spi.JobExecutorFactory;
import java.util.Map;
import org.pf4j.Extension;

/**
 * The {@code docker} executor: each job in containers, through the Docker Engine API ({@link Engines}).
 */
@Extension
public final class DockerExecutorFactory implements JobExecutorFactory {

    /** The executor's id. */
    public static final String NAME = "docker";

    // docker-java's types stay out of this class's signatures: PF4J and Guice reflect on it at every
    // agent start, and resolving them would open all of the plugin's libraries (see Engines)
    private final Engines engines = new Engines();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "runs each job in Docker containers (a main container with a persistent bash, service containers)";
    }

    /** Checks the options, and removes what crashed agents of this machine left on the engine. */
    @Override
    public void prepare(Map<String, Object> options) {
        engines.client(DockerOptions.parse(options).dockerHost());
    }

    @Override
    public JobExecutor create(ExecutorContext context) {
        DockerOptions options = DockerOptions.parse(context.options());
        return new DockerExecutor(engines.client(options.dockerHost()), options, context);
    }

}
