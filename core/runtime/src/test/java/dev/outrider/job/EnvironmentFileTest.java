package dev.outrider.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outrider.config.JobSettings.EnvVarSetting;
import dev.outrider.protocol.JobRequest;
import dev.outrider.spi.Job.EnvVar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnvironmentFileTest {

    private static EnvVar jobVar(String name, String value) {
        return raw(name, Base64.getEncoder().encodeToString(value.getBytes(UTF_8)));
    }

    /** A variable as the job sends it, decoded as the core decodes it. */
    private static EnvVar raw(String name, String base64) {
        JobRequest request = new JobRequest("j", "", null, null, null, null, null,
                List.of(new JobRequest.EnvVar(name, base64)), null, null, null, null);
        return JobDecoder.decode(request).envVars().getFirst();
    }

    private static EnvVarSetting agentVar(String name, String value) {
        return new EnvVarSetting(name, value);
    }

    private static String text(EnvironmentFile file) {
        return new String(file.content(), UTF_8);
    }

    private static String quoted(String value) {
        return new String(EnvironmentFile.quote(value.getBytes(UTF_8)), UTF_8);
    }

    // EV3
    @Test
    void writesSemaphoresExpectedEnvironmentFile() {
        EnvironmentFile file = EnvironmentFile.of(
                List.of(jobVar("Z", "ZZZ"),
                        jobVar("SPACES_ARE_SINGLE_QUOTED_ON_UNIX", "This is going to get quoted"),
                        jobVar("DOUBLE_QUOTES_ARE_ESCAPED_ON_POWERSHELL", "\"This\" is going to get escaped")),
                List.of(agentVar("O", "OOO"),
                        agentVar("BACKTICKS_ARE_ESCAPED_ON_POWERSHELL", "`This` is going to get escaped too")));

        assertThat(text(file)).isEqualTo(
                "export BACKTICKS_ARE_ESCAPED_ON_POWERSHELL='`This` is going to get escaped too'\n"
                        + "export DOUBLE_QUOTES_ARE_ESCAPED_ON_POWERSHELL='\"This\" is going to get escaped'\n"
                        + "export O=OOO\n"
                        + "export SPACES_ARE_SINGLE_QUOTED_ON_UNIX='This is going to get quoted'\n"
                        + "export Z=ZZZ\n");
        assertThat(file.names()).containsExactly("BACKTICKS_ARE_ESCAPED_ON_POWERSHELL",
                "DOUBLE_QUOTES_ARE_ESCAPED_ON_POWERSHELL", "O", "SPACES_ARE_SINGLE_QUOTED_ON_UNIX", "Z");
    }

    // EV6
    @Test
    void reportsMergedNamesInSortedOrder() {
        EnvironmentFile file = EnvironmentFile.of(List.of(jobVar("D", "d"), jobVar("A", "a")),
                List.of(agentVar("C", "c")));

        assertThat(file.names()).containsExactly("A", "C", "D");
    }

    // SE3
    @Test
    void exportsJobAndAgentVariablesSortedWithLiteralValues() {
        EnvironmentFile file = EnvironmentFile.of(
                List.of(jobVar("A", "hello"), jobVar("B", "how are you?"),
                        jobVar("VAR_WITH_QUOTES", "quotes ' quotes"), jobVar("VAR_WITH_ENV_VAR", "$PATH:/etc/a")),
                List.of(agentVar("C", "c"), agentVar("D", "d")));

        assertThat(file.names()).containsExactly("A", "B", "C", "D", "VAR_WITH_ENV_VAR", "VAR_WITH_QUOTES");
        assertThat(text(file)).isEqualTo("""
                export A=hello
                export B='how are you?'
                export C=c
                export D=d
                export VAR_WITH_ENV_VAR='$PATH:/etc/a'
                export VAR_WITH_QUOTES='quotes '"'"' quotes'
                """);
    }

    @Test
    void sortsNamesByTheirBytesUpperCaseBeforeUnderscoreBeforeLowerCase() {
        EnvironmentFile file = EnvironmentFile.of(List.of(),
                List.of(agentVar("a", "3"), agentVar("_", "4"), agentVar("B", "5"), agentVar("AB", "6"),
                        agentVar("A", "7"), agentVar("A_1", "8")));

        assertThat(file.names()).containsExactly("A", "AB", "A_1", "B", "_", "a");
    }

    @ParameterizedTest
    @ValueSource(strings = {"X;touch /tmp/pwned;Y", "$(touch /tmp/pwned2)", "`id`", "A B", "A=B", "1A", "A-B",
        "A\nB", "", "Ａ", "😀", "A'B", "A\"B", "A\\B", "A$B"})
    void refusesToExportANameThatIsNotAShellNameFromTheJobOrTheAgent(String name) {
        assertThatThrownBy(() -> EnvironmentFile.of(List.of(jobVar(name, "x")), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a variable name");
        assertThatThrownBy(() -> EnvironmentFile.of(List.of(), List.of(agentVar(name, "x"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a variable name");
    }

    // EV1
    @Test
    void letsALaterDuplicateWin() {
        EnvironmentFile file = EnvironmentFile.of(List.of(jobVar("A", "first"), jobVar("A", "second")),
                List.of(agentVar("B", "one"), agentVar("B", "two")));

        assertThat(text(file)).isEqualTo("export A=second\nexport B=two\n");
        assertThat(file.names()).containsExactly("A", "B");
    }

    // EV1
    @Test
    void letsAnAgentVariableOverrideAJobVariable() {
        EnvironmentFile file = EnvironmentFile.of(List.of(jobVar("A", "from-job")), List.of(agentVar("A", "from-agent")));

        assertThat(text(file)).isEqualTo("export A=from-agent\n");
    }

    // EV1
    @Test
    void decodesJobValuesButNotAgentValues() {
        EnvironmentFile file = EnvironmentFile.of(List.of(raw("JOB", "aGVsbG8=")),
                List.of(agentVar("AGENT", "aGVsbG8=")));

        assertThat(text(file)).isEqualTo("export AGENT=aGVsbG8=\nexport JOB=hello\n");
    }

    // EV1
    @Test
    void rejectsAJobValueThatIsNotBase64NamingTheVariable() {
        assertThatThrownBy(() -> EnvironmentFile.of(List.of(jobVar("GOOD", "x"), raw("BROKEN", "not base64!")),
                List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'BROKEN'")
                .hasMessageContaining("base64");
    }

    @Test
    void writesNothingForNoVariables() {
        EnvironmentFile file = EnvironmentFile.of(List.of(), List.of());

        assertThat(file.content()).isEmpty();
        assertThat(file.names()).isEmpty();
    }

    @Test
    void quotesAnEmptyValueAsTwoSingleQuotes() {
        assertThat(quoted("")).isEqualTo("''");
        EnvironmentFile file = EnvironmentFile.of(List.of(raw("EMPTY", "")), List.of());
        assertThat(text(file)).isEqualTo("export EMPTY=''\n");
    }

    @Test
    void leavesValuesOfSafeCharactersVerbatim() {
        String safe = "ABCXYZabcxyz0189_@%+=:,./-";

        assertThat(quoted(safe)).isEqualTo(safe);
    }

    @Test
    void singleQuotesValuesWithAnyOtherCharacter() {
        for (String special : List.of(" ", "$", "`", "\"", "\\", "!", "*", "?", "~", "#", "&", ";", "|", "<", ">",
                "(", ")", "[", "]", "{", "}", "^", "\t", "\n", "é")) {
            assertThat(quoted("a" + special + "b")).as("value with %s", special).isEqualTo("'a" + special + "b'");
        }
    }

    @Test
    void replacesEachSingleQuoteInsideQuotes() {
        assertThat(quoted("it's 'quoted'")).isEqualTo("'it'\"'\"'s '\"'\"'quoted'\"'\"''");
        assertThat(quoted("'")).isEqualTo("''\"'\"''");
    }

    @Test
    void keepsNewlinesInsideTheQuotes() {
        EnvironmentFile file = EnvironmentFile.of(List.of(jobVar("A", "hello\n"), jobVar("B", "two\nlines")), List.of());

        assertThat(text(file)).isEqualTo("export A='hello\n'\nexport B='two\nlines'\n");
    }

    @Test
    void keepsValueBytesThatAreNotUtf8() {
        EnvironmentFile file = EnvironmentFile.of(List.of(raw("RAW", "lpb/")), List.of());

        byte[] expected = {'e', 'x', 'p', 'o', 'r', 't', ' ', 'R', 'A', 'W', '=', '\'', (byte) 0x96, (byte) 0x96,
            (byte) 0xFF, '\'', '\n'};
        assertThat(file.content()).isEqualTo(expected);
    }

    @Test
    void givesBashBackEveryValueLiterally(@TempDir Path folder) throws Exception {
        List<String> values = List.of("", "plain", "how are you?", "quotes ' quotes", "$PATH:/etc/a", "hello\n",
                "`date` $(date) \\ \"x\" !event", "two\nlines\n\n", "'", "''", "a'b'c", "tab\there", "特定");
        List<EnvVar> vars = new java.util.ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            vars.add(jobVar("V" + (char) ('A' + i), values.get(i)));
        }
        Path env = Files.write(folder.resolve(".env"), EnvironmentFile.of(vars, List.of()).content());
        StringBuilder script = new StringBuilder("source \"$1\"");
        for (int i = 0; i < values.size(); i++) {
            script.append("; printf '%s\\0' \"$V").append((char) ('A' + i)).append('"');
        }

        Process bash = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", script.toString(), "bash", env.toString())
                .redirectErrorStream(true)
                .start();
        byte[] output = bash.getInputStream().readAllBytes();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(bash.exitValue()).as(new String(output, UTF_8)).isZero();
        String[] printed = new String(output, UTF_8).split("\0", -1);
        assertThat(List.of(printed).subList(0, values.size())).containsExactlyElementsOf(values);
    }
}
