package dev.outrider.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.spi.PluginException;
import dev.outrider.spi.StepOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The marker protocol with a real bash in a real pseudo-terminal (util-linux {@code script} makes it). */
class TerminalSessionTest {

    @TempDir
    Path folder;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void killShells() {
        processes.forEach(Process::destroyForcibly);
    }

    /** A program in a pseudo-terminal, its output fed to a session as an executor would. */
    private TerminalSession inTerminal(String program) throws IOException {
        Process process = new ProcessBuilder("script", "-qfec", program, "/dev/null")
                .redirectErrorStream(true).start();
        processes.add(process);
        OutputStream keys = process.getOutputStream();
        TerminalSession session = new TerminalSession("test bash", text -> {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        });
        Thread.ofPlatform().daemon().start(() -> session.readFrom(process.getInputStream()));
        return session;
    }

    private TerminalSession.ScriptPlacement file() {
        return (script, number) -> {
            Path path = folder.resolve("command-" + number + ".sh");
            Files.writeString(path, script);
            return "'" + path + "'";
        };
    }

    private static final class Captured implements StepOutput {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> messages = new ArrayList<>();

        @Override
        public void write(byte[] buffer, int offset, int length) {
            bytes.write(buffer, offset, length);
        }

        @Override
        public void message(String text) {
            messages.add(text);
        }

        String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void commandsShareOneShellAndReturnTheirExitStatusWithExactlyTheirOutput() throws Exception {
        TerminalSession session = inTerminal("bash --norc --noprofile");
        Matcher answer = session.awaitReady("", " %s", "\"$PWD\"", " (.*)", Duration.ofSeconds(30), "");
        assertThat(answer.group(1)).isEqualTo(System.getProperty("user.home"));

        Captured first = new Captured();
        Captured second = new Captured();
        Captured third = new Captured();
        assertThat(session.run("cd " + folder + "; export GREETING=hello", file(), first)).isZero();
        assertThat(session.run("echo \"$GREETING from $PWD\"; printf 'no newline'", file(), second)).isZero();
        assertThat(session.run("echo failing; false", file(), third)).isEqualTo(1);

        assertThat(first.text()).isEmpty();
        assertThat(second.text()).isEqualTo("hello from " + folder + "\r\nno newline");
        assertThat(third.text()).isEqualTo("failing\r\n");
    }

    @Test
    void aShellThatExitsDuringACommandGivesItsLastOutputAndExitStatusOne() throws Exception {
        TerminalSession session = inTerminal("bash --norc --noprofile");
        session.awaitReady(Duration.ofSeconds(30), "");
        Captured output = new Captured();

        assertThat(session.run("echo last words; exit 7", file(), output)).isEqualTo(1);

        assertThat(output.text()).isEqualTo("last words\r\n");
        assertThat(session.hasEnded()).isTrue();
        assertThat(session.run("echo never", file(), output)).as("after the end").isEqualTo(1);
    }

    @Test
    void aCommandThatCannotBePlacedIsReportedAndTheShellGoesOn() throws Exception {
        TerminalSession session = inTerminal("bash --norc --noprofile");
        session.awaitReady(Duration.ofSeconds(30), "");
        Captured failed = new Captured();
        Captured next = new Captured();

        int status = session.run("echo x", (script, number) -> {
            throw new IOException("disk full");
        }, failed);

        assertThat(status).isEqualTo(1);
        assertThat(failed.messages).containsExactly("Outrider could not hand the command to test bash: disk full\n");
        assertThat(session.run("echo still here", file(), next)).isZero();
        assertThat(next.text()).isEqualTo("still here\r\n");
    }

    @Test
    void aShellThatNeverAnswersIsReportedWithWhatItPrintedAndTheHint() throws Exception {
        TerminalSession session = inTerminal("echo stuck in a login script; sleep 30");

        assertThatThrownBy(() -> session.awaitReady(Duration.ofMillis(700), "check the login scripts"))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("test bash did not become ready within 700 ms; it printed: ")
                .hasMessageContaining("stuck in a login script")
                .hasMessageEndingWith(" (check the login scripts)");
    }

    @Test
    void aShellThatExitsWhileStartingIsReportedWithWhatItPrinted() throws IOException {
        TerminalSession session = inTerminal("echo cannot start; exit 2");

        assertThatThrownBy(() -> session.awaitReady(Duration.ofSeconds(30), ""))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("test bash exited while starting; it printed: ")
                .hasMessageContaining("cannot start");
    }
}
