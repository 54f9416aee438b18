package dev.outrider.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.toolkit.AgentInstance;
import dev.outrider.toolkit.JobCgroups;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashLeftoversTest {

    @TempDir
    Path temp;

    @Test
    void removesTheJobFoldersOfDeadAgentsAndKeepsThoseOfLiveOnes() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        AgentInstance dead = new AgentInstance(gone.pid(), 1);
        AgentInstance live = AgentInstance.current();
        Path deadWork = Files.createTempDirectory(temp, JobFolders.workPrefix("00aa11bb22cc33dd", dead));
        Files.writeString(Files.createDirectories(deadWork.resolve("sub")).resolve("current-command"), "sleep 1");
        Path deadSpool = Files.createTempDirectory(temp, JobFolders.spoolPrefix("00aa11bb22cc33dd", dead));
        Files.writeString(deadSpool.resolve("events.ndjson"), "{}\n");
        Path liveWork = Files.createTempDirectory(temp, JobFolders.workPrefix("44ee55ff66aa77bb", live));
        Path liveSpool = Files.createTempDirectory(temp, JobFolders.spoolPrefix("44ee55ff66aa77bb", live));
        Path notOurs = Files.createDirectory(temp.resolve("outrider-job-log-1234.txt.d"));

        CrashLeftovers.Removed removed = new CrashLeftovers(new JobEnvironment(Map.of("TMPDIR", temp.toString(),
                JobCgroups.MODE_VARIABLE, "off"))).remove();

        assertThat(removed.work()).containsExactly(deadWork);
        assertThat(removed.spools()).containsExactly(deadSpool);
        assertThat(removed.cgroups()).isEmpty();
        assertThat(deadWork).doesNotExist();
        assertThat(deadSpool).doesNotExist();
        assertThat(liveWork).isDirectory();
        assertThat(liveSpool).isDirectory();
        assertThat(notOurs).isDirectory();
    }

    @Test
    void aJobsFoldersNameTheAgentThatRunsIt() {
        AgentInstance agent = new AgentInstance(4242, 987654);
        assertThat(JobFolders.parse(JobFolders.workPrefix("0123456789abcdef", agent) + "1234567"))
                .contains(new JobFolders.Folder(agent, false));
        assertThat(JobFolders.parse(JobFolders.spoolPrefix("0123456789abcdef", agent) + "1234567"))
                .contains(new JobFolders.Folder(agent, true));
        assertThat(JobFolders.parse("outrider-job-0123456789abcdef-1234567")).isEmpty();
    }
}
