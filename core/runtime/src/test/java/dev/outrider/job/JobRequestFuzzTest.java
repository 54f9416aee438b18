package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.outrider.job.fuzz.BrokenRequests;
import dev.outrider.job.fuzz.FuzzBudget;
import dev.outrider.job.fuzz.FuzzCase;
import dev.outrider.job.fuzz.JobModel;
import dev.outrider.spi.Job;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.outrider.job.fuzz.JobModels;
import dev.outrider.job.fuzz.ScratchFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Job requests at volume through what the agent does with a job it fetched: {@link JobIntake} (read,
 * executor, log target), then {@link JobDecoder} as the job is prepared. Every body is taken or refused with
 * an {@link InvalidJobException} naming the field; a request taken as generated gives every value it was
 * sent. Local job files go through {@code outrider run}'s reader and validator. The jobs that run end to end
 * are in the distribution's FuzzedJobsIT.
 */
@AddLifecycleHook(FuzzBudget.class)
class JobRequestFuzzTest {

    private static final String ID = "fuzz-job";
    private static final Pattern SHELL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final JsonMapper ASCII_JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static Path folder;

    @Property(tries = FuzzBudget.JOB_REQUESTS, seed = "20261206")
    void everyJobRequestIsTakenWithItsValuesOrRefusedNamingTheField(@ForAll("requests") FuzzCase request) {
        Throwable thrown = catchThrowable(() -> taken(request));
        switch (request.expected()) {
            case FuzzCase.Accepted accepted -> assertThat(thrown).as("refused although valid").isNull();
            case FuzzCase.Rejected rejected -> assertThat(thrown).isExactlyInstanceOf(InvalidJobException.class)
                    .hasMessageStartingWith("job '" + ID + "': ")
                    .hasMessageContaining(": " + rejected.field() + ": ");
            case FuzzCase.Unreadable unreadable -> assertThat(thrown).isExactlyInstanceOf(InvalidJobException.class)
                    .hasMessageStartingWith("job '" + ID + "': ")
                    .hasMessageMatching("(?s).*(not valid JSON: .*\\(line \\d+, column \\d+\\)|\\(top level\\): .*an empty body).*");
        }
    }

    @Provide
    Arbitrary<FuzzCase> requests() {
        return BrokenRequests.cases();
    }

    /**
     * Local job files ({@code outrider run}): the same requests, read strictly from JSON or YAML and checked by
     * {@link JobRequestValidator}, which refuses before anything runs what the agent would only fail on: names
     * the shell refuses, base64 that does not decode, modes that are not octal.
     */
    @Property(tries = FuzzBudget.JOB_REQUESTS / 20, seed = "20261206")
    void everyLocalJobFileIsTakenOrRefusedNamingTheFileAndTheField(@ForAll("localFiles") FuzzCase request,
                                                                    @ForAll boolean yaml) throws IOException {
        Path file = Files.writeString(folder.resolve(yaml ? "job.yml" : "job.json"), asciiJson(request.body()),
                StandardCharsets.UTF_8);

        Throwable thrown = catchThrowable(() -> JobRequestValidator.validate(JobRequestReader.readFile(file), file.toString()));

        switch (request.expected()) {
            case FuzzCase.Rejected rejected -> assertThat(thrown).isExactlyInstanceOf(InvalidJobException.class)
                    .hasMessageStartingWith(file + ": ").hasMessageContaining(": " + rejected.field() + ": ");
            default -> assertThat(thrown).as("refused although valid").isNull();
        }
    }

    @Provide
    Arbitrary<FuzzCase> localFiles() {
        return Arbitraries.oneOf(BrokenRequests.wrongTypes(), JobModels.anyValid().map(model -> new FuzzCase(
                model.json().toString(), "as generated", firstProblem(model)
                        .<FuzzCase.Expected>map(FuzzCase.Rejected::new)
                        .orElse(new FuzzCase.Accepted(Optional.of(model))))));
    }

    /** @return the first field the validator must refuse, in its order: variables, files, containers' variables */
    private static Optional<String> firstProblem(JobModel model) {
        Optional<String> variables = firstProblem(model.envVars(), "env_vars");
        if (variables.isPresent()) {
            return variables;
        }
        for (int i = 0; i < model.files().size(); i++) {
            JobModel.FileSpec file = model.files().get(i);
            String path = "files[" + i + "].";
            if (file.path().isEmpty() || file.path().indexOf('\0') >= 0) {
                return Optional.of(path + "path");
            }
            if (!file.decodable()) {
                return Optional.of(path + "content");
            }
            if (file.modeBits() < 0) {
                return Optional.of(path + "mode");
            }
        }
        for (int i = 0; i < model.containers().size(); i++) {
            Optional<String> problem = firstProblem(model.containers().get(i).envVars(), "compose.containers[" + i + "].env_vars");
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> firstProblem(List<JobModel.Variable> variables, String field) {
        for (int i = 0; i < variables.size(); i++) {
            if (!SHELL_NAME.matcher(variables.get(i).name()).matches()) {
                return Optional.of(field + "[" + i + "].name");
            }
            if (!variables.get(i).decodable()) {
                return Optional.of(field + "[" + i + "].value");
            }
        }
        return Optional.empty();
    }

    /**
     * JSON with every character past ASCII escaped: a file can hold it (a lone surrogate has no UTF-8), and YAML
     * reads it as JSON does (it refuses some characters raw).
     */
    private static String asciiJson(String json) throws IOException {
        // DEL is ASCII, so Jackson writes it raw, and YAML allows it only escaped
        return ASCII_JSON.writeValueAsString(ASCII_JSON.readTree(json)).replace("\u007f", "\\u007f");
    }

    @BeforeContainer
    static void createFolder() {
        folder = ScratchFolder.create("outrider-job-fuzz-");
    }

    @AfterContainer
    static void deleteFolder() {
        ScratchFolder.delete(folder);
    }

    private static void taken(FuzzCase request) {
        JobIntake.Accepted accepted = JobIntake.accept(request.body(), ID, "");
        Job job = JobDecoder.decode(accepted.request());
        if (request.expected() instanceof FuzzCase.Accepted(var model) && model.isPresent()) {
            assertHolds(job, model.get());
        }
    }

    private static void assertHolds(Job job, JobModel model) {
        assertThat(job.id()).isEqualTo(model.jobId());
        assertThat(job.commands()).extracting(Job.Command::directive)
                .containsExactlyElementsOf(model.commands().stream().map(JobModel.Step::directive).toList());
        assertThat(job.commands()).extracting(Job.Command::alias)
                .containsExactlyElementsOf(model.commands().stream().map(JobModel.Step::alias).toList());
        assertThat(job.epilogueAlways()).hasSameSizeAs(model.epilogueAlways());
        assertThat(job.epilogueOnPass()).hasSameSizeAs(model.epilogueOnPass());
        assertThat(job.epilogueOnFail()).hasSameSizeAs(model.epilogueOnFail());
        List<Job.EnvVar> vars = job.envVars();
        assertThat(vars).hasSameSizeAs(model.envVars());
        for (int i = 0; i < vars.size(); i++) {
            JobModel.Variable sent = model.envVars().get(i);
            assertThat(vars.get(i).name()).isEqualTo(sent.name());
            assertThat(vars.get(i).problem().isPresent()).as("env_vars[%d].value does not decode", i)
                    .isEqualTo(!sent.decodable());
            if (sent.decodable()) {
                assertThat(vars.get(i).value()).as("env_vars[%d].value", i).isEqualTo(sent.value());
            }
        }
        List<Job.File> files = job.files();
        assertThat(files).hasSameSizeAs(model.files());
        for (int i = 0; i < files.size(); i++) {
            JobModel.FileSpec sent = model.files().get(i);
            assertThat(files.get(i).path()).isEqualTo(sent.path());
            assertThat(files.get(i).problem().isPresent()).as("files[%d].content does not decode", i).isEqualTo(!sent.decodable());
            if (sent.decodable()) {
                assertThat(files.get(i).content()).as("files[%d].content", i).isEqualTo(sent.content());
            }
            assertThat(files.get(i).modeBits().isPresent() ? files.get(i).modeBits().getAsLong() : -1)
                    .as("files[%d].mode '%s'", i, sent.mode()).isEqualTo(sent.modeBits());
        }
        assertThat(job.containers()).hasSameSizeAs(model.containers());
    }
}
