package dev.outrider.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.dist.Installation.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Job files that must not run: `outrider run` exits 2 naming the field, and nothing of the job runs. */
class InvalidJobInputIT {

    @TempDir
    Path work;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "job.yml  | 'env_vars: [{name: \"X;touch MARKER;Y\", value: eA==}]' | env_vars[0].name: 'X;touch ",
        "job.yml  | 'env_vars: [{name: \"$(touch MARKER)\", value: eA==}]' | is not a variable name",
        "job.json | '\"env_vars\": [{\"name\": \"`touch MARKER`\", \"value\": \"eA==\"}]' | env_vars[0].name",
        "job.yml  | 'files: [{path: \"a\\0b\", content: eA==, mode: \"0644\"}]' | files[0].path: contains a NUL",
        "job.yml  | 'env_vars: []\nenv_vars: []' | duplicate key env_vars",
        "job.json | '\"env_vars\": [], \"env_vars\": []' | Duplicate field 'env_vars'"})
    void rejectsTheJobFileWithExit2NamingTheFieldAndRunsNothing(String name, String rest, String expected)
            throws Exception {
        Path marker = work.resolve("pwned");
        String body = rest.replace("MARKER", marker.toString());
        String text = name.endsWith(".json")
                ? "{\"commands\": [\"touch " + marker + "\"], " + body + "}"
                : "commands: [\"touch " + marker + "\"]\n" + body.replace("\\n", "\n") + "\n";
        Path job = Files.writeString(work.resolve(name), text);

        Result result = Installation.run(work, "run", job.toString());

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains(expected);
        assertThat(Files.exists(marker)).as("something of the job ran").isFalse();
    }
}
