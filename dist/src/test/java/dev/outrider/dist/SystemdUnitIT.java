package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.outrider.dist.Installation.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The systemd unit the distribution ships (conf/systemd/outrider.service, for an installation in
 * /opt/outrider): systemd itself finds nothing wrong with it, and it stops Outrider the way Outrider's
 * jobs need. `systemd-analyze verify` is skipped, with the reason, where systemd is not installed.
 */
class SystemdUnitIT {

    private static final Path UNIT = Installation.HOME.resolve("conf/systemd/outrider.service");

    @TempDir
    Path work;

    @Test
    void systemdFindsNothingWrongWithTheUnit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/systemd-analyze")) || Files.isExecutable(Path.of("/bin/systemd-analyze")),
                "skipped: systemd-analyze is not installed (Debian: apt-get install systemd)");
        // verify checks that ExecStart's program exists: point the unit at this installation instead of /opt
        Path copy = work.resolve("outrider.service");
        Files.writeString(copy, Files.readString(UNIT).replace("/opt/outrider", Installation.HOME.toString()));

        Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("verify.txt").toFile()).start();
        assertThat(verify.waitFor()).as("systemd-analyze verify: %s", Files.readString(work.resolve("verify.txt")))
                .isZero();
        assertThat(Files.readString(work.resolve("verify.txt"))).as("what systemd-analyze verify reported").isEmpty();
    }

    @Test
    void runsOutriderStartWithTheConfigFileAsItsOwnUser() throws Exception {
        List<String> unit = Files.readAllLines(UNIT);

        assertThat(unit).contains("ExecStart=/opt/outrider/bin/outrider start --config-file /etc/outrider/outrider.yml",
                "User=outrider", "Restart=on-failure", "RestartPreventExitStatus=2");
        Result start = Installation.run(work, "start", "--help");
        assertThat(start.stdout()).contains("--config-file");
    }

    @Test
    void stopsOutriderOnlyAndLeavesTheJobsToItUntilTheTimeout() throws Exception {
        List<String> unit = Files.readAllLines(UNIT);

        // mixed: SIGTERM to the main process only, SIGKILL to everything left after TimeoutStopSec
        assertThat(unit).contains("KillMode=mixed", "KillSignal=SIGTERM", "TimeoutStopSec=15min")
                .doesNotContain("PrivateTmp=yes", "NoNewPrivileges=yes", "MemoryDenyWriteExecute=yes");
    }
}
