package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JobIntakeTest {

    private static final String LOGGER = "\"logger\": {\"method\": \"push\", \"url\": \"https://org/logs/j1\", \"token\": \"t\"}";

    @Test
    void takesAPushJobAndRunsItWithTheShellWhenItNamesNoExecutor() {
        JobIntake.Accepted accepted = JobIntake.accept("{\"commands\": [\"echo hi\"], " + LOGGER + "}", "j1", "");

        assertThat(accepted.executor()).isEqualTo("shell");
        assertThat(accepted.request().commands()).singleElement()
                .satisfies(command -> assertThat(command.directive()).isEqualTo("echo hi"));
    }

    @Test
    void runsADockerComposeJobWithDockerAndEveryJobWithTheAgentTypesOwnExecutor() {
        String compose = "{\"executor\": \"dockercompose\", " + LOGGER + "}";

        assertThat(JobIntake.accept(compose, "j1", "auto").executor()).isEqualTo("docker");
        assertThat(JobIntake.accept(compose, "j1", "kubernetes").executor()).isEqualTo("kubernetes");
    }

    @Test
    void refusesAnExecutorSemaphoreDoesNotHaveNamingTheJobAndTheField() {
        assertThatThrownBy(() -> JobIntake.accept("{\"executor\": \"dokcer\", " + LOGGER + "}", "j1", ""))
                .isInstanceOf(InvalidJobException.class)
                .hasMessage("job 'j1': executor: unknown executor type 'dokcer'");
    }

    @Test
    void refusesALogTargetOtherThanPushWithAUrlNamingTheLogger() {
        assertThatThrownBy(() -> JobIntake.accept("{\"logger\": {\"method\": \"pull\"}}", "j1", ""))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job 'j1': logger: method 'pull' with url ''");
        assertThatThrownBy(() -> JobIntake.accept("{}", "j1", ""))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job 'j1': logger: ");
    }

    @Test
    void refusesABodyThatIsNoJobNamingWhere() {
        assertThatThrownBy(() -> JobIntake.accept("{\"env_vars\": 5, " + LOGGER + "}", "j1", ""))
                .isInstanceOf(InvalidJobException.class)
                .hasMessageStartingWith("job 'j1': env_vars: must be a list");
    }
}
