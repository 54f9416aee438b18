package dev.outrider.toolbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import dev.outrider.toolkit.LocalJobFiles;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job calls a toolbox command that runs in the agent: real bash sources the job-side
 * {@code toolbox/lib/call.bash}, which talks to the job's channel over real HTTP with curl.
 */
class ToolboxCallTest {

    private static final Path CALL_BASH = Path.of("../../dist/src/main/dist/toolbox/lib/call.bash").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    /** Prints what it got, reads stdin and writes a file when asked, and exits with the status it is given. */
    private final ToolboxCommand probe = new ToolboxCommand() {
        @Override
        public String name() {
            return "probe";
        }

        @Override
        public int run(ToolboxCall call) throws java.io.IOException, InterruptedException {
            for (String arg : call.args()) {
                call.output().out("arg[" + arg + "]");
            }
            call.output().out("cwd " + call.workingDirectory());
            call.output().err("PROBE_VAR=" + call.env("PROBE_VAR") + " PLAIN_VAR=" + call.env("PLAIN_VAR"));
            if (call.args().contains("stdin")) {
                try (InputStream in = call.stdin().open()) {
                    call.output().out("stdin " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
                }
            }
            if (call.args().contains("stdin-unread")) {
                call.stdin().open(); // neither read nor closed: the call must end all the same
            }
            if (call.args().contains("write")) {
                byte[] content = "written by the agent\n".getBytes(StandardCharsets.UTF_8);
                call.files().write(call.resolve("out/result.txt"), new ByteArrayInputStream(content), content.length);
            }
            return call.args().isEmpty() ? 0 : call.args().get(0).length();
        }
    };

    private final Toolbox toolbox = new Toolbox(name -> {
        throw new IllegalArgumentException("no cache here");
    }, new ToolboxCommands(List.of(probe)));

    @AfterEach
    void stop() {
        toolbox.close();
    }

    private record Bash(int exit, String out, String err) {
    }

    private Bash bash(Map<String, String> channel, String script, String stdin) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", ". '" + CALL_BASH + "'; " + script).directory(folder.toFile());
        builder.environment().putAll(channel);
        Process process = builder.start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Bash(process.exitValue(), out, err);
    }

    private Map<String, String> openChannel(boolean withFiles) {
        Toolbox.Channel channel = toolbox.open("job-1", Optional.empty());
        if (withFiles) {
            channel.attach(Optional.of(new LocalJobFiles()));
        }
        return new HashMap<>(channel.environment(Map.of()));
    }

    @Test
    void passesArgumentsDirectoryAndExportedVariablesAndReturnsTheStatus() throws Exception {
        Bash run = bash(openChannel(true), "export PROBE_VAR='a b'; PLAIN_VAR=hidden; "
                + "outrider_toolbox_call probe 'two words' '' $'line\\nbreak'", "");

        assertThat(run.out()).isEqualTo("arg[two words]\narg[]\narg[line\nbreak]\ncwd " + folder.toRealPath() + "\n");
        assertThat(run.err()).isEqualTo("PROBE_VAR=a b PLAIN_VAR=\n");
        assertThat(run.exit()).isEqualTo("two words".length());
    }

    @Test
    void sendsStandardInputWhenTheCommandAsksForIt() throws Exception {
        Bash run = bash(openChannel(true), "outrider_toolbox_call probe stdin", "from the pipe\n");

        assertThat(run.out()).contains("stdin from the pipe\n");
        assertThat(run.exit()).isEqualTo(5);
    }

    @Test
    void aCommandThatLeavesItsInputUnreadStillEnds() throws Exception {
        Bash run = bash(openChannel(true), "outrider_toolbox_call probe stdin-unread; echo after=$?", "x".repeat(1 << 20));

        assertThat(run.out()).endsWith("after=12\n");
    }

    @Test
    void theCommandWritesTheJobsFiles() throws Exception {
        Bash run = bash(openChannel(true), "outrider_toolbox_call probe write", "");

        assertThat(run.exit()).as(run.err()).isEqualTo(5);
        assertThat(Files.readString(folder.resolve("out/result.txt"))).isEqualTo("written by the agent\n");
    }

    @Test
    void withoutTheJobsFilesTheCommandFailsNamingWhy() throws Exception {
        Bash run = bash(openChannel(false), "outrider_toolbox_call probe write", "");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).endsWith("error: this job's executor does not give the agent's toolbox access to the job's files\n");
    }

    @Test
    void withoutAChannelTheCommandSaysSo() throws Exception {
        Bash run = bash(Map.of(), "outrider_toolbox_call probe", "");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: probe: this job has no Outrider toolbox channel (OUTRIDER_TOOLBOX_URL is not set);"
                + " run it on an Outrider agent\n");
    }

    @Test
    void aClosedChannelOrAnUnknownCommandIsAnError() throws Exception {
        Map<String, String> channel = openChannel(true);
        Bash unknown = bash(channel, "outrider_toolbox_call nothing-like-it", "");
        channel.put("OUTRIDER_TOOLBOX_TOKEN", "guessed");
        Bash guessed = bash(channel, "outrider_toolbox_call probe", "");

        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).isEqualTo("error: nothing-like-it: the agent's toolbox channel did not answer: "
                + "no toolbox command 'nothing-like-it' in this agent\n");
        assertThat(guessed.exit()).isEqualTo(1);
        assertThat(guessed.err()).contains("this job's toolbox channel is closed, or the token is not this job's");
    }
}
