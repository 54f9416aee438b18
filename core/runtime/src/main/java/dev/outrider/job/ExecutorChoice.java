package dev.outrider.job;

import java.util.Optional;

/**
 * Which executor runs a job, decided here alone: the agent type's {@code executor}, or with
 * {@code auto} (or none) the one the job asks for, as Semaphore's agent names them
 * ({@code dockercompose} runs with {@code docker}, no executor or {@code shell} with {@code shell}).
 */
public final class ExecutorChoice {

    /** What runs jobs that name no executor under {@code auto}. */
    public static final String SHELL = "shell";
    /** What runs {@code dockercompose} jobs under {@code auto}. */
    public static final String DOCKER = "docker";

    private ExecutorChoice() {
    }

    /** @return whether {@code configured} leaves the choice to each job */
    public static boolean isAuto(String configured) {
        return configured.isEmpty() || configured.equals("auto");
    }

    /**
     * @param configured the agent type's {@code executor} ({@code ""} or {@code auto}: the job decides)
     * @param requested  the job's {@code executor} field
     * @return the executor's name, or empty when the job asks for an executor type Semaphore does not have
     */
    public static Optional<String> forJob(String configured, String requested) {
        if (!isAuto(configured)) {
            return Optional.of(configured);
        }
        return switch (requested) {
            case "", "shell" -> Optional.of(SHELL);
            case "dockercompose" -> Optional.of(DOCKER);
            default -> Optional.empty();
        };
    }
}
