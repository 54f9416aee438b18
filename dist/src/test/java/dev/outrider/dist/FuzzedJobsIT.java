package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outrider.job.fuzz.FuzzBudget;
import dev.outrider.job.fuzz.JobModel;
import dev.outrider.job.fuzz.JobModel.Step;
import dev.outrider.job.fuzz.JobModels;
import dev.outrider.job.fuzz.ScratchFolder;
import dev.outrider.testkit.FakeControlPlane;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated jobs that the agent takes, run end to end: a real {@code outrider start} (four agents) with the
 * bundled shell executor fetches each from a fake control plane, runs it in real bash and pushes its log. Each job ends
 * with the result its commands call for, and its log holds every step that had to run, in order, with its
 * output and exit code: the values of its variables and files (by their hashes and modes) and what each
 * command printed (quotes, backslashes, accents, CJK, emoji). The readers' own properties, on 10 000
 * requests, are in the core's JobRequestFuzzTest.
 */
@AddLifecycleHook(FuzzBudget.class)
class FuzzedJobsIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TOKEN = "registration-token-fuzz";
    private static final JsonMapper JSON = new JsonMapper();
    private static final String EXPORT = "Exporting environment variables";
    /** Agents of the one process, each running one job of a batch at a time: waits overlap, the tries take less. */
    private static final int AGENTS = 4;

    private static Path work;
    private static FakeControlPlane hub;
    private static Process agent;

    @BeforeContainer
    static void startAgent() throws IOException {
        work = ScratchFolder.create("outrider-fuzzed-jobs-");
        hub = FakeControlPlane.start();
        hub.addAgentType("fuzz", TOKEN);
        hub.nextSyncAfter(Duration.ofMillis(50));
        agent = Installation.start(work, Map.of("OUTRIDER_JAVA_OPTS", FakeControlPlaneTest.FAST_PAUSES),
                "start", "--endpoint", hub.endpoint(), "--token", TOKEN, "--no-https", "--count", Integer.toString(AGENTS));
        hub.awaitRegistered(AGENTS, WAIT);
    }

    @AfterContainer
    static void stopAgent() {
        if (agent != null) {
            agent.destroyForcibly();
        }
        if (hub != null) {
            hub.close();
        }
        ScratchFolder.delete(work);
    }

    /** @return batches of {@value #AGENTS} jobs, each writing its files in a folder of its own */
    @Provide
    Arbitrary<List<JobModel>> batches() {
        List<Arbitrary<JobModel>> jobs = new ArrayList<>();
        for (int i = 0; i < AGENTS; i++) {
            jobs.add(JobModels.runnable(work.resolve("files-" + i)));
        }
        return Combinators.combine(jobs).as(List::copyOf);
    }

    @Property(tries = 10, seed = "20261206")
    void everyJobTheAgentTakesRunsToItsResultWithEachStepInTheLog(@ForAll("batches") List<JobModel> batch) {
        List<String> ids = new ArrayList<>();
        for (JobModel job : batch) {
            ObjectNode request = job.json();
            request.remove("job_id"); // the fake gives each job an id of its own
            ids.add(hub.scheduleJob(request.toString()));
        }

        for (int i = 0; i < batch.size(); i++) {
            JobModel job = batch.get(i);
            String id = ids.get(i);
            String result = hub.awaitJobFinished(id, WAIT);
            List<LoggedStep> logged = steps(hub.events(id));
            assertThat(logged).as("the steps of job %s (%s)", id, job).containsExactlyElementsOf(expectedSteps(job));
            assertThat(result).as("the result of job %s", id).isEqualTo(job.passes() ? "passed" : "failed");
            assertThat(hub.events(id).getLast()).contains("\"event\":\"job_finished\"")
                    .contains("\"result\":\"" + result + "\"");
        }
    }

    /**
     * A step of a job's log.
     *
     * @param directive what {@code cmd_started} showed
     * @param output    its {@code cmd_output} texts, concatenated; {@code null} where the test does not compare
     *                  them (the agent's own steps)
     * @param exitCode  its exit code; {@code null} for a step that did not finish (file content that does not
     *                  decode, as on Semaphore) or whose failing code the test does not compare
     */
    record LoggedStep(String directive, String output, Integer exitCode) {
    }

    private static List<LoggedStep> expectedSteps(JobModel job) {
        List<LoggedStep> steps = new ArrayList<>();
        boolean variablesDecode = job.envVars().stream().allMatch(JobModel.Variable::decodable);
        steps.add(new LoggedStep(EXPORT, null, variablesDecode ? 0 : null));
        if (variablesDecode) {
            steps.add(new LoggedStep("Injecting Files", null, job.prepares() ? 0 : null));
        }
        job.commandsThatRun().forEach(step -> steps.add(logged(step)));
        steps.add(new LoggedStep(EXPORT, null, 0));
        steps.addAll(upToFirstFailure(job.epilogueAlways()));
        steps.addAll(upToFirstFailure(job.passes() ? job.epilogueOnPass() : job.epilogueOnFail()));
        return steps;
    }

    private static List<LoggedStep> upToFirstFailure(List<Step> steps) {
        List<LoggedStep> logged = new ArrayList<>();
        for (Step step : steps) {
            logged.add(logged(step));
            if (step.exitCode() != 0) {
                break;
            }
        }
        return logged;
    }

    private static LoggedStep logged(Step step) {
        return step.alias().isEmpty() ? new LoggedStep(step.directive(), step.output(), step.exitCode())
                : new LoggedStep(step.alias(), "Running: " + step.directive() + "\n" + step.output(), step.exitCode());
    }

    /** The log's steps; the agent's own steps with their exit code only when it is 0. */
    private static List<LoggedStep> steps(List<String> lines) {
        List<LoggedStep> steps = new ArrayList<>();
        String directive = null;
        StringBuilder output = new StringBuilder();
        for (String line : lines) {
            JsonNode event = parse(line);
            switch (event.path("event").asText()) {
                case "cmd_started" -> {
                    if (directive != null) { // the previous step never finished
                        steps.add(agentStep(directive, output.toString(), null));
                    }
                    directive = event.path("directive").asText();
                    output.setLength(0);
                }
                case "cmd_output" -> output.append(event.path("output").asText());
                case "cmd_finished" -> {
                    steps.add(agentStep(directive, output.toString(), event.path("exit_code").asInt()));
                    directive = null;
                }
                default -> { }
            }
        }
        if (directive != null) {
            steps.add(agentStep(directive, output.toString(), null));
        }
        return steps;
    }

    private static LoggedStep agentStep(String directive, String output, Integer exitCode) {
        if (directive.equals(EXPORT) || directive.equals("Injecting Files")) {
            return new LoggedStep(directive, null, exitCode != null && exitCode == 0 ? 0 : null);
        }
        return new LoggedStep(directive, output, exitCode);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
