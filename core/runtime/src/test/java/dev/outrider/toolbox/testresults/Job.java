package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/** A job calling {@code test-results} in a folder, with its environment and what it printed. */
final class Job {
    static final Map<String, String> SEMAPHORE_ENV = Map.ofEntries(
            Map.entry("SEMAPHORE_PROJECT_ID", "proj"), Map.entry("SEMAPHORE_PIPELINE_ID", "ppl"),
            Map.entry("SEMAPHORE_WORKFLOW_ID", "wf"), Map.entry("SEMAPHORE_JOB_CREATION_TIME", "1765000000"),
            Map.entry("SEMAPHORE_JOB_NAME", "Unit tests"), Map.entry("SEMAPHORE_JOB_ID", "job"),
            Map.entry("SEMAPHORE_AGENT_MACHINE_TYPE", "s1-local"),
            Map.entry("SEMAPHORE_AGENT_MACHINE_OS_IMAGE", "ubuntu2204"),
            Map.entry("SEMAPHORE_GIT_REF_TYPE", "pull-request"), Map.entry("SEMAPHORE_GIT_BRANCH", "main"),
            Map.entry("SEMAPHORE_GIT_SHA", "aaa"), Map.entry("SEMAPHORE_GIT_PR_BRANCH", "feature"),
            Map.entry("SEMAPHORE_GIT_PR_SHA", "bbb"));
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path folder;
    final Map<String, String> env = new HashMap<>(SEMAPHORE_ENV);
    final List<String> printed = new ArrayList<>();
    private final ToolboxCommand command;

    Job(Path folder, Optional<ToolboxCommand> artifact) {
        this.folder = folder;
        this.command = new TestResultsCommand(artifact.orElseGet(Job::artifactsNobodyLooksAt));
    }

    /** The real artifact command on a store of its own, for tests that do not look at what it keeps. */
    private static ToolboxCommand artifactsNobodyLooksAt() {
        try {
            Path store = Files.createTempDirectory("outrider-test-artifacts-");
            store.toFile().deleteOnExit();
            return new RecordingArtifact(store);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    Job(Path folder) {
        this(folder, Optional.empty());
    }

    /** @return the exit status of {@code test-results ARGS} run in the folder */
    int run(String... args) throws IOException, InterruptedException {
        printed.clear();
        return command.run(new ToolboxCall("test-results", List.of(args), folder.toString(), env, new LocalJobFiles(),
                new ListOutput(printed), () -> {
                    throw new IOException("no stdin in these tests");
                }, new CallContext("job", Optional.empty())));
    }

    /** Copies a sample report from the test resources into the folder. */
    Path sample(String name) throws IOException {
        Path target = folder.resolve(name);
        try (InputStream in = Job.class.getResourceAsStream("/test-results/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    static JsonNode expected(String name) throws IOException {
        try (InputStream in = Job.class.getResourceAsStream("/test-results/" + name)) {
            return JSON.readTree(in);
        }
    }

    /** @return a JSON file of the folder, gzip-compressed or not */
    JsonNode json(String name) throws IOException {
        return JSON.readTree(plain(folder.resolve(name)));
    }

    static byte[] plain(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
                return in.readAllBytes();
            }
        }
        return bytes;
    }

    List<String> errors() {
        return printed.stream().filter(line -> line.startsWith("err: ")).map(line -> line.substring(5)).toList();
    }
}
