package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outrider.testkit.FakeControlPlane;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A full disk under the job log spool ($TMPDIR, here a 2 MiB tmpfs mounted by the test, as root): the job fails
 * with a message that names the folder and what to do, and the agent goes on syncing and takes the next job.
 */
class SpoolFullIT extends FakeControlPlaneTest {

    private static final String TOKEN = "registration-token-spool-full";

    private Path mount;
    private boolean mounted;

    @BeforeEach
    void mountASmallTmpfs() throws Exception {
        mount = Files.createDirectories(work.resolve("small-tmp"));
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assumeTrue(id.waitFor() == 0 && uid.equals("0"), "mounting a tmpfs needs root; this is uid " + uid);
        Process mountCommand = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m,mode=1777", "tmpfs",
                mount.toString()).redirectErrorStream(true).start();
        String said = new String(mountCommand.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        mounted = mountCommand.waitFor() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here: " + said);
        startHub("linux", TOKEN);
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) { // lazily: the agent may still hold a file there until it is killed after this
            Process umount = new ProcessBuilder("umount", "-l", mount.toString()).inheritIO().start();
            assertThat(umount.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aFullSpoolFailsTheJobNamingTheFolderAndTheAgentTakesTheNextJob() throws Exception {
        Process agent = outrider(Map.of("OUTRIDER_JAVA_OPTS", FAST_PAUSES, "TMPDIR", mount.toString()),
                "start", "--endpoint", hub.endpoint(), "--token", TOKEN, "--no-https");
        hub.awaitRegistered(1, WAIT);

        String big = hub.scheduleJob(FakeControlPlane.jobWithCommands(
                "yes 'more than the disk holds' | head -c 20000000", "echo never"));
        assertThat(hub.awaitJobFinished(big, WAIT)).isEqualTo("failed");

        String log = String.join("\n", hub.events(big));
        assertThat(log).contains("\"directive\":\"Storing the job log\"")
                .contains("The job's log could not be stored in " + mount)
                .contains("Free space in " + mount + ", or point the agent's TMPDIR at a folder with room")
                .doesNotContain("echo never");
        assertThat(hub.events(big).getLast()).contains("\"result\":\"failed\"");
        assertThat(Files.readString(work.resolve("stdout.txt")) + Files.readString(work.resolve("stderr.txt")))
                .contains("The job's log could not be stored in " + mount);

        int syncs = hub.agents().getFirst().syncCount();
        hub.await("the agent syncs on", h -> h.agents().getFirst().syncCount() > syncs + 2, WAIT);
        String next = hub.scheduleJob(FakeControlPlane.jobWithCommands("echo fine"));
        assertThat(hub.awaitJobFinished(next, WAIT)).isEqualTo("passed");
        assertThat(String.join("\n", hub.events(next))).contains("fine");
        assertThat(agent.isAlive()).isTrue();
    }
}
