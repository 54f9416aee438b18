package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ExecutorChoiceTest {

    @Test
    void anAgentTypesExecutorWinsOverWhatTheJobAsksFor() {
        assertThat(ExecutorChoice.forJob("kubernetes", "dockercompose")).contains("kubernetes");
    }

    @Test
    void autoRunsDockercomposeJobsWithDockerAndTheRestWithShell() {
        assertThat(ExecutorChoice.forJob("auto", "dockercompose")).contains("docker");
        assertThat(ExecutorChoice.forJob("", "dockercompose")).contains("docker");
        assertThat(ExecutorChoice.forJob("", "")).contains("shell");
        assertThat(ExecutorChoice.forJob("auto", "shell")).contains("shell");
    }

    @Test
    void anExecutorTypeSemaphoreDoesNotHaveIsNoChoice() {
        assertThat(ExecutorChoice.forJob("", "podman")).isEmpty();
    }
}
