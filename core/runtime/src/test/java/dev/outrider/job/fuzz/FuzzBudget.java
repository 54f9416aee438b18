package dev.outrider.job.fuzz;

import java.util.Random;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * How long the fuzz properties run. Each property declares its count and a fixed seed, so that every
 * build tries the same inputs; two system properties change that for longer runs:
 * <ul>
 *   <li>{@code -Dfuzz.tries=N}: N job requests; every property scales its own count by N / {@value #JOB_REQUESTS}
 *       (at least one try), so that the configuration files and the jobs run end to end grow with it;</li>
 *   <li>{@code -Dfuzz.seed=S}: the seed of every property ({@code random}: a new one each run, printed in
 *       the report of a failure, so that the failure can be replayed with {@code -Dfuzz.seed=} that seed).</li>
 * </ul>
 * Add it to a property class with {@code @AddLifecycleHook(FuzzBudget.class)}.
 */
public final class FuzzBudget implements AroundPropertyHook {

    /** The job requests a build tries by default; the base of {@code fuzz.tries}. */
    public static final int JOB_REQUESTS = 10_000;

    /** Added to a class, the hook reaches the class's properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String tries = System.getProperty("fuzz.tries", "").strip();
        if (!tries.isEmpty()) {
            long wanted = Long.parseLong(tries);
            int declared = context.attributes().tries().orElse(1000);
            context.attributes().setTries((int) Math.max(1, Math.min(Integer.MAX_VALUE, declared * wanted / JOB_REQUESTS)));
        }
        String seed = System.getProperty("fuzz.seed", "").strip();
        if (seed.equals("random")) {
            context.attributes().setSeed(Long.toString(new Random().nextLong()));
        } else if (!seed.isEmpty()) {
            context.attributes().setSeed(seed);
        }
        return property.execute();
    }
}
