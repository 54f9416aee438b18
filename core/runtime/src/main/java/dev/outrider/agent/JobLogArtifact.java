package dev.outrider.agent;

import dev.outrider.config.UploadJobLogs;
import dev.outrider.log.EventJson;
import dev.outrider.spi.Job;
import dev.outrider.spi.LogEvent;
import dev.outrider.toolbox.artifact.ArtifactCommand;
import dev.outrider.toolbox.call.CallContext;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads a job's whole log as the job artifact {@code agent/job_logs.txt} (or {@code .txt.gz}
 * above the compression threshold) with the {@code artifact} command (run in the agent, no binary needed), as
 * Semaphore's agent does
 * (job.md §16): with {@code upload-job-logs: always}, or {@code when-trimmed} when the log endpoint
 * refused part of the log. Problems are only logged; they never change the job.
 */
final class JobLogArtifact {

    private static final Logger LOG = LoggerFactory.getLogger(JobLogArtifact.class);
    private static final long DEFAULT_COMPRESSION_THRESHOLD = 100L * 1024 * 1024;
    private static final long MIN_THRESHOLD = 1024L * 1024;
    private static final long MAX_THRESHOLD = 1024L * 1024 * 1024;

    /** Stateless; shared so that each upload does not make an HTTP client of its own. */
    private static final ToolboxCommand HUB_ONLY = new ArtifactCommand(call -> {
        throw new IllegalStateException("the job log goes to the artifact hub only");
    });

    private final Map<String, String> agentEnvironment;
    private final ToolboxCommand artifacts;

    /** @param agentEnvironment the agent's environment (the compression threshold) */
    JobLogArtifact(Map<String, String> agentEnvironment) {
        this(agentEnvironment, HUB_ONLY);
    }

    /**
     * @param agentEnvironment the agent's environment (the compression threshold)
     * @param artifacts        the {@code artifact} command, run in the agent with the job's hub variables
     */
    JobLogArtifact(Map<String, String> agentEnvironment, ToolboxCommand artifacts) {
        this.agentEnvironment = Map.copyOf(agentEnvironment);
        this.artifacts = artifacts;
    }

    /** @return whether the configuration asks for an upload of this job's log */
    static boolean wanted(UploadJobLogs setting, boolean trimmed) {
        return setting == UploadJobLogs.ALWAYS || (setting == UploadJobLogs.WHEN_TRIMMED && trimmed);
    }

    /**
     * Renders the spool as text and pushes it as a job artifact.
     *
     * @param job     the job (its artifact token and organization URL come from its env vars)
     * @param spool   the job's complete event log
     */
    void upload(Job job, Path spool) throws InterruptedException {
        String jobId = job.id();
        Optional<String> token = variable(job, "SEMAPHORE_ARTIFACT_TOKEN");
        Optional<String> organization = variable(job, "SEMAPHORE_ORGANIZATION_URL");
        if (token.isEmpty() || organization.isEmpty()) {
            LOG.error("Job '{}': cannot upload its log as an artifact: the job has no SEMAPHORE_ARTIFACT_TOKEN "
                    + "or SEMAPHORE_ORGANIZATION_URL", jobId);
            return;
        }
        Path text = null;
        Path upload = null;
        try {
            text = Files.createTempFile("outrider-job-log-", ".txt");
            render(spool, text);
            upload = text;
            String name = "agent/job_logs.txt";
            if (Files.size(text) >= threshold()) {
                upload = gzip(text);
                name = "agent/job_logs.txt.gz";
            }
            CapturedOutput lines = new CapturedOutput();
            Map<String, String> environment = Map.of("SEMAPHORE_ARTIFACT_TOKEN", token.get(),
                    "SEMAPHORE_JOB_ID", jobId, "SEMAPHORE_ORGANIZATION_URL", organization.get());
            ToolboxCall call = new ToolboxCall(artifacts.name(), List.of("push", "job", upload.toString(), "-d", name),
                    upload.getParent().toString(), environment, new LocalJobFiles(), lines,
                    () -> InputStream.nullInputStream(), new CallContext(jobId, Optional.empty()));
            int exit = artifacts.run(call);
            if (exit != 0) {
                LOG.error("Job '{}': 'artifact push' of its log exited with {}: {}", jobId, exit,
                        lines.text().strip());
            } else {
                LOG.info("Job '{}': its log was uploaded as the artifact {}", jobId, name);
            }
        } catch (IOException e) {
            LOG.error("Job '{}': cannot upload its log as an artifact: {}", jobId, e.getMessage());
        } finally {
            deleteQuietly(text);
            if (upload != text) {
                deleteQuietly(upload);
            }
        }
    }

    /** The plain text of a job log (logs.md §8): each directive on its own line, outputs verbatim. */
    static void render(Path spool, Path text) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(spool, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(text, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                switch (EventJson.decode(line)) {
                    case LogEvent.CommandStarted started -> out.write(started.directive() + "\n");
                    case LogEvent.CommandOutput output -> out.write(output.output());
                    default -> {
                    }
                }
            }
        }
    }

    private long threshold() {
        String value = agentEnvironment.get("SEMAPHORE_AGENT_LOGS_COMPRESSION_SIZE");
        if (value != null) {
            try {
                long parsed = Long.parseLong(value.trim());
                if (parsed >= MIN_THRESHOLD && parsed <= MAX_THRESHOLD) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // out of range or not a number: the default, as Semaphore's agent does
            }
        }
        return DEFAULT_COMPRESSION_THRESHOLD;
    }

    private static Path gzip(Path text) throws IOException {
        Path gz = text.resolveSibling(text.getFileName() + ".gz");
        try (InputStream in = Files.newInputStream(text);
             OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            in.transferTo(out);
        }
        return gz;
    }

    private static Optional<String> variable(Job job, String name) {
        Map<String, String> values = new HashMap<>();
        for (Job.EnvVar var : job.envVars()) {
            // a broken value is the job's problem, reported by its export step
            if (var.problem().isEmpty()) {
                values.put(var.name(), new String(var.value(), StandardCharsets.UTF_8));
            }
        }
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isEmpty());
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.debug("Could not delete {}: {}", file, e.getMessage());
            }
        }
    }

}
