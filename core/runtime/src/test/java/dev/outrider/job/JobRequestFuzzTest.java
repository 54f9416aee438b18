package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.outrider.job.fuzz.BrokenRequests;
import dev.outrider.job.fuzz.FuzzBudget;
import dev.outrider.job.fuzz.FuzzCase;
import dev.outrider.job.fuzz.JobModel;
import dev.outrider.spi.Job;
import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Job requests at volume through what the agent does with a job it fetched: {@link JobIntake} (read,
 * executor, log target), then {@link JobDecoder} as the job is prepared. Every body is taken or refused with
 * an {@link InvalidJobException} naming the field; a request taken as generated gives every value it was
 * sent. The jobs that run end to end are in the distribution's FuzzedJobsIT.
 */
@AddLifecycleHook(FuzzBudget.class)
class JobRequestFuzzTest {

    private static final String ID = "fuzz-job";

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
