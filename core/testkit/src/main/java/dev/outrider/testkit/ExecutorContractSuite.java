package dev.outrider.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.config.JobSettings;
import dev.outrider.config.JobSettings.EnvVarSetting;
import dev.outrider.spi.ExecutorContext;
import dev.outrider.spi.JobExecutorFactory;
import dev.outrider.spi.JobResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Semaphore's job conformance cases (spec/conformance-cases.md, sections S, J, SE) as tests any
 * executor plugin can run: extend this class and name the executor. Each test runs a real job
 * through Outrider's job lifecycle and compares the event log, field for field, timestamps aside.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ExecutorContractSuite {

    /** The common prologue P: no env vars, no files. */
    protected static final String PROLOGUE = """
            {"event":"job_started","timestamp":"*"}
            {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
            {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
            {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
            {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
            """;

    private JobHarness harness;

    @TempDir
    protected Path temp;

    /** @return the executor under test */
    protected abstract JobExecutorFactory executor();

    /** @return the executor's options for these tests */
    protected Map<String, Object> options() {
        return Map.of();
    }

    /** @return how the executor's {@code Injecting} line shows a requested path */
    protected abstract String shownDestination(String path);

    /**
     * @return the directives of the steps the executor logs while it starts (phase B, such as a
     *         container executor's {@code Pulling docker images...}); the cases leave them out of the
     *         logs they compare, and the executor's own tests check them
     */
    protected List<String> startSteps() {
        return List.of();
    }

    /** @return what {@code cat FILE} prints in the job's environment when the file does not exist (GNU coreutils') */
    protected String missingFileError(String file) {
        return "cat: " + file + ": No such file or directory\n";
    }

    /** Compares a job's log with the expected one, without the executor's {@link #startSteps()}. */
    protected void assertEventLog(List<String> actual, String expected) {
        EventLogAssert.assertEventLog(withoutStartSteps(actual), expected);
    }

    private List<String> withoutStartSteps(List<String> lines) {
        List<String> kept = new ArrayList<>();
        String skipping = null;
        for (String line : lines) {
            if (skipping == null) {
                String started = startSteps().stream()
                        .filter(d -> line.contains("\"event\":\"cmd_started\"") && line.contains("\"directive\":" + json(d)))
                        .findFirst().orElse(null);
                if (started == null) {
                    kept.add(line);
                } else {
                    skipping = started;
                }
            } else if (line.contains("\"event\":\"cmd_finished\"") && line.contains("\"directive\":" + json(skipping))) {
                skipping = null;
            }
        }
        return kept;
    }

    @BeforeAll
    void startHarness() {
        harness = new JobHarness(executor(), options());
    }

    @AfterAll
    void stopHarness() {
        if (harness != null) {
            harness.close();
        }
    }

    /** @return the harness that runs jobs with the executor */
    protected JobHarness harness() {
        return harness;
    }

    /** X(r): the epilogue export of SEMAPHORE_JOB_RESULT. */
    protected static String resultExport() {
        return """
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                """;
    }

    /** A command step with one output event (or none when output is null). */
    protected static String step(String directive, String output, int exitCode) {
        String d = json(directive);
        return "{\"event\":\"cmd_started\",\"timestamp\":\"*\",\"directive\":" + d + "}\n"
                + (output == null ? "" : output(output))
                + "{\"event\":\"cmd_finished\",\"timestamp\":\"*\",\"directive\":" + d + ",\"exit_code\":" + exitCode
                + ",\"started_at\":\"*\",\"finished_at\":\"*\"}\n";
    }

    /** One {@code cmd_output} event. */
    protected static String output(String text) {
        return "{\"event\":\"cmd_output\",\"timestamp\":\"*\",\"output\":" + json(text) + "}\n";
    }

    /** The final event. */
    protected static String finished(String result) {
        return "{\"event\":\"job_finished\",\"timestamp\":\"*\",\"result\":\"" + result + "\"}\n";
    }

    /** A JSON string literal. */
    protected static String json(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    // ---- S1 ... S22 ----------------------------------------------------------------------------

    @Test
    void helloWorldPasses() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("echo Hello World").build());
        assertEventLog(run.lines(), PROLOGUE + step("echo Hello World", "Hello World\n", 0) + resultExport()
                + finished("passed"));
        assertThat(run.result()).isEqualTo(JobResult.PASSED);
    }

    @Test
    void envVarsAreExportedSortedAndStayLiteral() throws Exception {
        JobRun run = harness.run(JobRequests.job()
                .env("D", "$PATH:/etc/a\n").env("B", "how are you?\n").env("A", "hello\n").env("C", "quotes ' quotes\n")
                .command("echo $A").command("echo $B").command("echo $C").command("echo $D").build());
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting A\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting B\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting C\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting D\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + step("echo $A", "hello\n", 0) + step("echo $B", "how are you?\n", 0)
                + step("echo $C", "quotes ' quotes\n", 0) + step("echo $D", "$PATH:/etc/a\n", 0)
                + resultExport() + finished("passed"));
    }

    @Test
    void agentEnvVarsAreMergedSortedAndWinOverJobVars() throws Exception {
        JobSettings settings = new JobSettings(List.of(new EnvVarSetting("C", "from-agent"),
                new EnvVarSetting("A", "agent wins")), "", "", false, false);
        JobRun run = harness.run(JobRequests.job().env("B", "job").env("A", "job").command("echo -n $A $B $C")
                .epilogueAlways("echo -n $C").build(), settings);
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting A\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting B\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting C\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + step("echo -n $A $B $C", "agent wins job from-agent", 0) + resultExport()
                + step("echo -n $C", "from-agent", 0) + finished("passed"));
    }

    @Test
    void filesAreInjectedWithTheirContentAndModes() throws Exception {
        Path dir = temp.resolve("files");
        String nested = dir.resolve("a/b/c").toString();
        String flat = dir.resolve("flat").toString();
        String relative = "outrider-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "/test.txt";
        JobRun run = harness.run(JobRequests.job()
                .file(relative, "hello\n", "0644").file(nested, "hello\n", "0440").file(flat, "hi\n", "0600")
                .command("cat " + relative).command("cat " + nested).command("stat -c '%a' " + flat)
                .command("stat -c '%a' " + nested).command("rm -r " + relative.substring(0, relative.indexOf('/')))
                .build());
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                """
                + output("Injecting " + shownDestination(relative) + " with file mode 0644\n")
                + output("Injecting " + shownDestination(nested) + " with file mode 0440\n")
                + output("Injecting " + shownDestination(flat) + " with file mode 0600\n")
                + """
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                """
                + step("cat " + relative, "hello\n", 0) + step("cat " + nested, "hello\n", 0)
                + step("stat -c '%a' " + flat, "600\n", 0) + step("stat -c '%a' " + nested, "440\n", 0)
                + step("rm -r " + relative.substring(0, relative.indexOf('/')), null, 0)
                + resultExport() + finished("passed"));
    }

    @Test
    void brokenFileModeFailsInjectionSkipsCommandsAndRunsEpilogues() throws Exception {
        String path = temp.resolve("test.txt").toString();
        JobRun run = harness.run(JobRequests.job().file(path, "hello\n", "obviously broken")
                .command("cat " + path).epilogueAlways("echo -n $SEMAPHORE_JOB_RESULT").build());
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                """
                + output("Injecting " + shownDestination(path) + " with file mode obviously broken\n")
                + brokenModeMessage()
                + "{\"event\":\"cmd_finished\",\"timestamp\":\"*\",\"directive\":\"Injecting Files\",\"exit_code\":1,\"started_at\":\"*\",\"finished_at\":\"*\"}\n"
                + resultExport().replace("passed", "failed") + step("echo -n $SEMAPHORE_JOB_RESULT", "failed", 0)
                + finished("failed"));
        assertThat(run.result()).isEqualTo(JobResult.FAILED);
    }

    /** @return the event(s) the executor logs for the mode {@code obviously broken} */
    protected String brokenModeMessage() {
        return "{\"event\":\"cmd_output\",\"timestamp\":\"*\",\"output\":\"bad file permission 'obviously broken'\\n\"}\n";
    }

    @Test
    void undecodableFileContentFailsTheInjectionStep() throws Exception {
        String path = temp.resolve("never").toString();
        JobRun run = harness.run(JobRequests.job().rawFile(path, "not base64!", "0644").command("true").build());
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                """
                + output("Injecting " + shownDestination(path) + " with file mode 0644\n")
                + """
                {"event":"cmd_output","timestamp":"*","output":"Failed to decode the content of the file.\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":1,"started_at":"*","finished_at":"*"}
                """ + resultExport().replace("passed", "failed") + finished("failed"));
    }

    @Test
    void undecodableEnvVarFailsTheExportStepWithoutOutput() throws Exception {
        JobRun run = harness.run(JobRequests.job().rawEnv("A", "%%%").command("true").build());
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":1,"started_at":"*","finished_at":"*"}
                """ + resultExport().replace("passed", "failed") + finished("failed"));
    }

    @Test
    void failingCommandFailsTheJob() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("false").command("echo never").build());
        assertEventLog(run.lines(), PROLOGUE + step("false", null, 1) + resultExport().replace("passed", "failed")
                + finished("failed"));
    }

    @Test
    void epiloguesOnPassSeeTheResult() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("echo Hello World")
                .epilogueAlways("echo Hello Epilogue $SEMAPHORE_JOB_RESULT")
                .epilogueOnPass("echo Hello On Pass Epilogue $SEMAPHORE_JOB_RESULT")
                .epilogueOnFail("echo Hello On Fail Epilogue $SEMAPHORE_JOB_RESULT").build());
        assertEventLog(run.lines(), PROLOGUE + step("echo Hello World", "Hello World\n", 0) + resultExport()
                + step("echo Hello Epilogue $SEMAPHORE_JOB_RESULT", "Hello Epilogue passed\n", 0)
                + step("echo Hello On Pass Epilogue $SEMAPHORE_JOB_RESULT", "Hello On Pass Epilogue passed\n", 0)
                + finished("passed"));
    }

    @Test
    void epiloguesOnFailSeeTheResult() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("false")
                .epilogueAlways("echo Hello Epilogue $SEMAPHORE_JOB_RESULT")
                .epilogueOnPass("echo Hello On Pass Epilogue $SEMAPHORE_JOB_RESULT")
                .epilogueOnFail("echo Hello On Fail Epilogue $SEMAPHORE_JOB_RESULT").build());
        assertEventLog(run.lines(), PROLOGUE + step("false", null, 1) + resultExport().replace("passed", "failed")
                + step("echo Hello Epilogue $SEMAPHORE_JOB_RESULT", "Hello Epilogue failed\n", 0)
                + step("echo Hello On Fail Epilogue $SEMAPHORE_JOB_RESULT", "Hello On Fail Epilogue failed\n", 0)
                + finished("failed"));
    }

    @Test
    void jobWithoutCommandsPassesAndEpiloguesSeeItsVariables() throws Exception {
        JobRun run = harness.run(JobRequests.job().env("A", "VALUE_A").env("B", "VALUE_B")
                .epilogueAlways("echo -n 'On EpilogueAlways'").epilogueAlways("echo -n $A").epilogueAlways("echo -n $C")
                .epilogueOnPass("echo -n $SEMAPHORE_JOB_RESULT").build());
        assertEventLog(run.lines(), """
                {"event":"job_started","timestamp":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting A\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting B\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":0,"started_at":"*","finished_at":"*"}
                {"event":"cmd_started","timestamp":"*","directive":"Injecting Files"}
                {"event":"cmd_finished","timestamp":"*","directive":"Injecting Files","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + resultExport() + step("echo -n 'On EpilogueAlways'", "On EpilogueAlways", 0)
                + step("echo -n $A", "VALUE_A", 0) + step("echo -n $C", null, 0)
                + step("echo -n $SEMAPHORE_JOB_RESULT", "passed", 0) + finished("passed"));
    }

    @Test
    void stoppingARunningCommandEndsTheJobStopped() throws Exception {
        JobHarness.Running running = harness.start(JobRequests.job().command("echo here").command("sleep 60")
                .command("echo never").epilogueAlways("echo never").build(), JobSettings.NONE);
        running.awaitLine(line -> line.contains("\"directive\":\"sleep 60\""), Duration.ofSeconds(30));
        long stoppedAt = System.nanoTime();
        running.stop();
        JobRun run = running.await(Duration.ofSeconds(30));
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
        assertEventLog(run.lines(), PROLOGUE + step("echo here", "here\n", 0)
                + "{\"event\":\"cmd_started\",\"timestamp\":\"*\",\"directive\":\"sleep 60\"}\n"
                + EventLogAssert.LONG_OUTPUT + "\n"
                + "{\"event\":\"cmd_finished\",\"timestamp\":\"*\",\"directive\":\"sleep 60\",\"exit_code\":1,\"started_at\":\"*\",\"finished_at\":\"*\"}\n"
                + finished("stopped"));
        assertNothingLeftRunning(run);
    }

    @Test
    void stoppingAnEpilogueEndsTheJobStopped() throws Exception {
        JobHarness.Running running = harness.start(JobRequests.job().command("echo 'here'")
                .epilogueAlways("sleep infinity").epilogueOnPass("echo never").build(), JobSettings.NONE);
        running.awaitLine(line -> line.contains("\"directive\":\"sleep infinity\""), Duration.ofSeconds(30));
        running.stop();
        JobRun run = running.await(Duration.ofSeconds(30));
        assertEventLog(run.lines(), PROLOGUE + step("echo 'here'", "here\n", 0) + resultExport()
                + step("sleep infinity", null, 1) + finished("stopped"));
    }

    @Test
    void unicodeOutputArrivesAsOneEvent() throws Exception {
        String line = "特定の伝説に拠る物語の由来については諸説存在し。".repeat(3);
        JobRun run = harness.run(JobRequests.job().command("echo " + line).command("echo -n " + "━".repeat(150)).build());
        assertEventLog(run.lines(), PROLOGUE + step("echo " + line, line + "\n", 0)
                + "{\"event\":\"cmd_started\",\"timestamp\":\"*\",\"directive\":" + json("echo -n " + "━".repeat(150)) + "}\n"
                + EventLogAssert.LONG_OUTPUT + "\n"
                + "{\"event\":\"cmd_finished\",\"timestamp\":\"*\",\"directive\":" + json("echo -n " + "━".repeat(150))
                + ",\"exit_code\":0,\"started_at\":\"*\",\"finished_at\":\"*\"}\n"
                + resultExport() + finished("passed"));
        assertThat(run.outputOf("echo -n " + "━".repeat(150))).isEqualTo("━".repeat(150));
    }

    @Test
    void invalidUtf8BecomesOneReplacementCharacterPerByte() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("printf '\\226\\226\\226\\226\\226'").build());
        assertEventLog(run.lines(), PROLOGUE + step("printf '\\226\\226\\226\\226\\226'", "\uFFFD".repeat(5), 0)
                + resultExport() + finished("passed"));
        assertThat(withoutStartSteps(run.lines()).get(6)).contains("\\ufffd\\ufffd\\ufffd\\ufffd\\ufffd");
    }

    @Test
    void unknownCommandFailsWith127() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("echhhho Hello World").build());
        assertEventLog(run.lines(), PROLOGUE + step("echhhho Hello World", "bash: echhhho: command not found\n", 127)
                + resultExport().replace("passed", "failed") + finished("failed"));
    }

    @Test
    void aliasIsShownWithTheCommandItRuns() throws Exception {
        JobRun run = harness.run(JobRequests.job().aliased("echo Hello World", "Display Hello World").build());
        assertEventLog(run.lines(), PROLOGUE + """
                {"event":"cmd_started","timestamp":"*","directive":"Display Hello World"}
                {"event":"cmd_output","timestamp":"*","output":"Running: echo Hello World\\n"}
                {"event":"cmd_output","timestamp":"*","output":"Hello World\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Display Hello World","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + resultExport() + finished("passed"));
    }

    @Test
    void exitCode130WithResultPassedEndsThePassedJobWithoutEpilogues() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("export SEMAPHORE_JOB_RESULT=passed")
                .command("echo 'exit 130' | sh").command("echo -n 'hello'").epilogueAlways("echo never").build());
        assertEventLog(run.lines(), PROLOGUE + step("export SEMAPHORE_JOB_RESULT=passed", null, 0)
                + step("echo 'exit 130' | sh", null, 130)
                + step("Checking job result", "SEMAPHORE_JOB_RESULT=passed - stopping job and marking it as passed", 0)
                + finished("passed"));
    }

    @Test
    void exitCode130WithResultFailedEndsTheJobFailed() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("export SEMAPHORE_JOB_RESULT=failed")
                .command("echo 'exit 130' | sh").build());
        assertEventLog(run.lines(), PROLOGUE + step("export SEMAPHORE_JOB_RESULT=failed", null, 0)
                + step("echo 'exit 130' | sh", null, 130)
                + step("Checking job result", "SEMAPHORE_JOB_RESULT=failed - stopping job and marking it as failed", 0)
                + finished("failed"));
    }

    @Test
    void exitCode130WithoutResultEndsTheJobStopped() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("echo 'exit 130' | sh").command("echo -n 'hello'").build());
        assertEventLog(run.lines(), PROLOGUE + step("echo 'exit 130' | sh", null, 130)
                + step("Checking job result", "SEMAPHORE_JOB_RESULT is set to '' - stopping job and marking it as stopped", 0)
                + finished("stopped"));
        assertNothingLeftRunning(run);
    }

    @Test
    void preAndPostJobHooksRunAroundTheCommands() throws Exception {
        Path pre = script("pre.sh", "echo -n pre\n");
        Path post = script("post.sh", "echo -n post\n");
        JobRun run = harness.run(JobRequests.job().command("echo -n 'hello'").build(),
                new JobSettings(List.of(), pre.toString(), post.toString(), false, false));
        assertEventLog(run.lines(), PROLOGUE + """
                {"event":"cmd_started","timestamp":"*","directive":"Running the pre-job hook configured in the agent"}
                """ + output("Running: bash " + pre + "\n") + """
                {"event":"cmd_output","timestamp":"*","output":"Warning: The agent is configured to proceed with the job even if the pre-job hook fails.\\n"}
                {"event":"cmd_output","timestamp":"*","output":"pre"}
                {"event":"cmd_finished","timestamp":"*","directive":"Running the pre-job hook configured in the agent","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + step("echo -n 'hello'", "hello", 0) + resultExport() + """
                {"event":"cmd_started","timestamp":"*","directive":"Running the post-job hook configured in the agent"}
                """ + output("Running: bash " + post + "\n") + """
                {"event":"cmd_output","timestamp":"*","output":"post"}
                {"event":"cmd_finished","timestamp":"*","directive":"Running the post-job hook configured in the agent","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + finished("passed"));
    }

    @Test
    void failingPreJobHookFailsTheJobWhenConfiguredTo() throws Exception {
        Path pre = script("pre.sh", "badcommand\n");
        JobRun run = harness.run(JobRequests.job().command("echo never").build(),
                new JobSettings(List.of(), pre.toString(), "", true, false));
        assertEventLog(run.lines(), PROLOGUE + """
                {"event":"cmd_started","timestamp":"*","directive":"Running the pre-job hook configured in the agent"}
                """ + output("Running: bash " + pre + "\n") + """
                {"event":"cmd_output","timestamp":"*","output":"Warning: The agent is configured to fail the job if the pre-job hook fails.\\n"}
                """ + output(pre + ": line 1: badcommand: command not found\n") + """
                {"event":"cmd_finished","timestamp":"*","directive":"Running the pre-job hook configured in the agent","exit_code":127,"started_at":"*","finished_at":"*"}
                """ + resultExport().replace("passed", "failed") + finished("failed"));
    }

    @Test
    void hooksSeeTheJobsVariablesAndASourcedHookChangesTheSession() throws Exception {
        Path pre = script("pre.sh", "echo -n \"$A - $B\"; export FROM_HOOK=yes\n");
        Path post = script("post.sh", "echo -n \"$A - $B - $FROM_HOOK\"\n");
        JobRun run = harness.run(JobRequests.job().env("A", "VALUE_A").env("B", "VALUE_B")
                .command("echo -n $FROM_HOOK").build(),
                new JobSettings(List.of(), pre.toString(), post.toString(), false, true));
        assertThat(run.output()).contains("Running: source " + pre + "\n")
                .contains("VALUE_A - VALUE_B")
                .contains("VALUE_A - VALUE_B - yes");
        assertThat(run.result()).isEqualTo(JobResult.PASSED);
    }

    @Test
    void commandThatEndsTheShellFailsItAndEverythingAfterIt() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("sleep infinity &").command("exit 1").command("echo never")
                .build());
        assertEventLog(run.lines(), PROLOGUE + step("sleep infinity &", null, 0) + step("exit 1", null, 1) + """
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":1,"started_at":"*","finished_at":"*"}
                """ + finished("failed"));
        assertNothingLeftRunning(run);
    }

    @Test
    void setEFailureEndsTheShell() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("sleep infinity &").command("set -e").command("false").build());
        assertEventLog(run.lines(), PROLOGUE + step("sleep infinity &", null, 0) + step("set -e", null, 0)
                + step("false", null, 1) + """
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":1,"started_at":"*","finished_at":"*"}
                """ + finished("failed"));
    }

    @Test
    void pipefailFailureEndsTheShellAfterItsOutput() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("set -eo pipefail").command("cat non_existant | sort").build());
        assertEventLog(run.lines(), PROLOGUE + step("set -eo pipefail", null, 0)
                + step("cat non_existant | sort", missingFileError("non_existant"), 1) + """
                {"event":"cmd_started","timestamp":"*","directive":"Exporting environment variables"}
                {"event":"cmd_output","timestamp":"*","output":"Exporting SEMAPHORE_JOB_RESULT\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"Exporting environment variables","exit_code":1,"started_at":"*","finished_at":"*"}
                """ + finished("failed"));
    }

    @Test
    void terminalEchoDoesNotLeakCommandText() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("stty echo").command("echo Hello World").build());
        assertEventLog(run.lines(), PROLOGUE + step("stty echo", null, 0) + step("echo Hello World", "Hello World\n", 0)
                + resultExport() + finished("passed"));
    }

    @Test
    void aCarriageReturnLineFeedTheProgramPrintedStaysInTheLog() throws Exception {
        // Semaphore's agent folds the terminal's \r\n back to \n: a program's own \r\n (\r\r\n on the terminal) stays
        JobRun run = harness.run(JobRequests.job().command("printf 'a\\r\\nb\\n'").build());
        assertEventLog(run.lines(), PROLOGUE + step("printf 'a\\r\\nb\\n'", "a\r\nb\n", 0) + resultExport()
                + finished("passed"));
    }

    @Test
    void theLogReadsTheSameAfterTheJobResetsItsTerminal() throws Exception {
        // stty sane turns the terminal's newline translation on, whatever the executor set up
        JobRun run = harness.run(JobRequests.job().command("stty sane").command("printf 'a\\r\\nb\\n'").build());
        assertEventLog(run.lines(), PROLOGUE + step("stty sane", null, 0)
                + step("printf 'a\\r\\nb\\n'", "a\r\nb\n", 0) + resultExport() + finished("passed"));
    }

    @Test
    void sessionStateCarriesOverBetweenCommands() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("somedir"));
        Files.writeString(dir.resolve("some-file.txt"), "content");
        JobRun run = harness.run(JobRequests.job()
                .command("if [ -d /etc ]; then\n  echo 'etc exists, multiline huzzahh!'\nfi")
                .command("cd " + temp).command("cat somedir/some-file.txt")
                .command("export IMPORTANT_VAR=IMPORTANT_VAR_VALUE").command("echo -n $IMPORTANT_VAR")
                .command("greet() { echo -n \"hi $1\"; }").command("greet there")
                .command("(exit 3) || true").command("false || echo -n $?").command("echo -n $?").build());
        assertEventLog(run.lines(), PROLOGUE
                + step("if [ -d /etc ]; then\n  echo 'etc exists, multiline huzzahh!'\nfi", "etc exists, multiline huzzahh!\n", 0)
                + step("cd " + temp, null, 0) + step("cat somedir/some-file.txt", "content", 0)
                + step("export IMPORTANT_VAR=IMPORTANT_VAR_VALUE", null, 0)
                + step("echo -n $IMPORTANT_VAR", "IMPORTANT_VAR_VALUE", 0)
                + step("greet() { echo -n \"hi $1\"; }", null, 0) + step("greet there", "hi there", 0)
                + step("(exit 3) || true", null, 0) + step("false || echo -n $?", "1", 0) + step("echo -n $?", "0", 0)
                + resultExport() + finished("passed"));
    }

    @Test
    void largeOutputArrivesWhole() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("for i in {1..100}; { printf 'hello'; }")
                .command("seq 1 20000").build());
        StringBuilder numbers = new StringBuilder();
        for (int i = 1; i <= 20000; i++) {
            numbers.append(i).append('\n');
        }
        assertThat(run.outputOf("for i in {1..100}; { printf 'hello'; }")).isEqualTo("hello".repeat(100));
        assertThat(run.outputOf("seq 1 20000")).isEqualTo(numbers.toString());
        assertThat(run.result()).isEqualTo(JobResult.PASSED);
    }

    @Test
    void outputOverTimeArrivesLineByLine() throws Exception {
        JobRun run = harness.run(JobRequests.job()
                .command("for i in 1 2 3; do echo \"[$i] some output\"; sleep 0.3; done").build());
        assertEventLog(run.lines(), PROLOGUE + """
                {"event":"cmd_started","timestamp":"*","directive":"for i in 1 2 3; do echo \\"[$i] some output\\"; sleep 0.3; done"}
                {"event":"cmd_output","timestamp":"*","output":"[1] some output\\n"}
                {"event":"cmd_output","timestamp":"*","output":"[2] some output\\n"}
                {"event":"cmd_output","timestamp":"*","output":"[3] some output\\n"}
                {"event":"cmd_finished","timestamp":"*","directive":"for i in 1 2 3; do echo \\"[$i] some output\\"; sleep 0.3; done","exit_code":0,"started_at":"*","finished_at":"*"}
                """ + resultExport() + finished("passed"));
    }

    // ---- processes --------------------------------------------------------------------------------

    @Test
    void backgroundProcessesDoNotOutliveAPassedJob() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("setsid sleep 1000 &").command("nohup sleep 1001 >/dev/null 2>&1 &")
                .command("(setsid bash -c 'sleep 1002 & sleep 1003' &)").command("sleep 0.2").build());
        assertThat(run.result()).isEqualTo(JobResult.PASSED);
        assertNothingLeftRunning(run);
    }

    @Test
    void backgroundProcessesDoNotOutliveAFailedJob() throws Exception {
        JobRun run = harness.run(JobRequests.job().command("setsid sleep 1000 &").command("nohup sleep 1001 >/dev/null 2>&1 &")
                .command("false").build());
        assertThat(run.result()).isEqualTo(JobResult.FAILED);
        assertNothingLeftRunning(run);
    }

    @Test
    void backgroundProcessesDoNotOutliveAStoppedJob() throws Exception {
        JobHarness.Running running = harness.start(JobRequests.job().command("setsid sleep 1000 &")
                .command("nohup sleep 1001 >/dev/null 2>&1 &").command("sleep 60").build(), JobSettings.NONE);
        running.awaitLine(line -> line.contains("\"directive\":\"sleep 60\""), Duration.ofSeconds(30));
        running.stop();
        JobRun run = running.await(Duration.ofSeconds(30));
        assertThat(run.result()).isEqualTo(JobResult.STOPPED);
        assertNothingLeftRunning(run);
    }

    /** Fails when a process that carries the job's tag still runs. */
    protected void assertNothingLeftRunning(JobRun run) throws IOException {
        assertThat(processesTagged(run.processTag())).as("processes of the job still running").isEmpty();
    }

    /** @return "pid command" of every live process whose environment carries the tag */
    protected static List<String> processesTagged(String tag) throws IOException {
        byte[] marker = (ExecutorContext.PROCESS_TAG_VARIABLE + "=" + tag).getBytes(StandardCharsets.UTF_8);
        List<String> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path entry : entries) {
                try {
                    byte[] environment = Files.readAllBytes(entry.resolve("environ"));
                    String stat = Files.readString(entry.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
                    if (!zombie && contains(environment, marker)) {
                        found.add(entry.getFileName() + " " + Files.readString(entry.resolve("cmdline")).replace('\0', ' '));
                    }
                } catch (IOException e) {
                    // the process ended meanwhile
                }
            }
        }
        return found;
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    /** Writes an executable script into the test's temp folder. */
    protected Path script(String name, String content) throws IOException {
        Path file = temp.resolve(name);
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
