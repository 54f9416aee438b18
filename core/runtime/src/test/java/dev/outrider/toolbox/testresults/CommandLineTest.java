package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test-results' command line: cobra's flag syntax, errors, help. */
class CommandLineTest {

    @TempDir
    Path folder;

    @Test
    void unknownFlagPrintsTheErrorAndUsageOnStandardErrorAndExitsOne() throws Exception {
        Job job = new Job(folder);

        int status = job.run("compile", "--x", "a.xml", "out.json");

        assertThat(status).isEqualTo(1);
        List<String> errors = job.errors();
        assertThat(errors).hasSize(3);
        assertThat(errors.get(0)).isEqualTo("Error: unknown flag: --x");
        assertThat(errors.get(1)).startsWith("Usage:\n  test-results compile <file-path>... <json-file> [flags]\n\nFlags:\n")
                .contains("\nGlobal Flags:\n", "  -s, --trim-output-to int    trim stdout/stderr to last N characters");
        assertThat(errors.get(2)).isEqualTo("Error: unknown flag: --x");
        assertThat(job.printed).noneMatch(line -> line.startsWith("out: "));
    }

    @Test
    void unknownShorthandAndMissingValuesAreWordedAsPflagWordsThem() throws Exception {
        Job job = new Job(folder);

        assertThat(job.run("compile", "-z", "a", "b")).isEqualTo(1);
        assertThat(job.errors().get(0)).isEqualTo("Error: unknown shorthand flag: 'z' in -z");

        assertThat(job.run("compile", "a", "b", "--name")).isEqualTo(1);
        assertThat(job.errors().get(0)).isEqualTo("Error: flag needs an argument: --name");

        assertThat(job.run("compile", "a", "b", "-N")).isEqualTo(1);
        assertThat(job.errors().get(0)).isEqualTo("Error: flag needs an argument: 'N' in -N");

        assertThat(job.run("compile", "-s", "many", "a", "b")).isEqualTo(1);
        assertThat(job.errors().get(0)).isEqualTo("Error: invalid argument \"many\" for \"-s, --trim-output-to\" flag: "
                + "strconv.ParseInt: parsing \"many\": invalid syntax");
    }

    @Test
    void tooFewArgumentsFail() throws Exception {
        Job job = new Job(folder);

        assertThat(job.run("compile", "only.xml")).isEqualTo(1);

        assertThat(job.errors().get(0)).isEqualTo("Error: requires at least 2 arg(s), only received 1");
    }

    @Test
    void flagsWorkInEverySpellingAndAmongArguments() throws Exception {
        Job job = new Job(folder);
        job.sample("golang.xml");

        assertThat(job.run("compile", "golang.xml", "-Nfirst", "--no-compress", "a.json")).isZero();
        assertThat(job.json("a.json").at("/testResults/0/name").asText()).isEqualTo("first");

        assertThat(job.run("compile", "--name=second", "golang.xml", "--no-compress=true", "b.json")).isZero();
        assertThat(job.json("b.json").at("/testResults/0/name").asText()).isEqualTo("second");

        assertThat(job.run("-N", "third", "compile", "--no-compress", "golang.xml", "c.json")).isZero();
        assertThat(job.json("c.json").at("/testResults/0/name").asText()).isEqualTo("third");

        assertThat(job.run("compile", "--no-compress", "-p", "generic", "--", "golang.xml", "d.json")).isZero();
        assertThat(job.json("d.json").at("/testResults/0/framework").asText()).isEmpty();
    }

    @Test
    void helpGoesToStandardOutputAndSucceeds() throws Exception {
        Job job = new Job(folder);

        assertThat(job.run("publish", "-h")).isZero();
        assertThat(job.printed.get(0)).startsWith("out: ").contains("Usage:\n  test-results publish <file-path>... [flags]",
                "      --no-raw                   Skips uploading raw input files", "go:staticcheck");

        assertThat(job.run()).isZero();
        assertThat(job.printed.get(0)).startsWith("out: Semaphore 2.0 Test results CLI v0.9.0\n\nUsage:\n  test-results [command]")
                .contains("  gen-pipeline-report fetches workflow level JUnit reports and combines them together");

        assertThat(job.run("--version")).isZero();
        assertThat(job.printed).containsExactly("out: test-results version 0.9.0");
    }

    @Test
    void unknownCommandFailsWithASuggestion() throws Exception {
        Job job = new Job(folder);

        assertThat(job.run("compil", "a", "b")).isEqualTo(1);

        assertThat(job.errors()).containsExactly(
                "Error: unknown command \"compil\" for \"test-results\"\n\nDid you mean this?\n\tcompile\n",
                "Run 'test-results --help' for usage.",
                "Error: unknown command \"compil\" for \"test-results\"\n\nDid you mean this?\n\tcompile\n");
    }

    @Test
    void saysWhichConfigFileItWouldLoad() throws Exception {
        Job job = new Job(folder);
        job.sample("golang.xml");
        java.nio.file.Files.writeString(folder.resolve(".test-results.yaml"), "name: x\n");
        job.env.put("HOME", folder.toString());

        assertThat(job.run("compile", "golang.xml", "out.json")).isZero();
        assertThat(job.errors().get(0)).isEqualTo("Using config file: " + folder.resolve(".test-results.yaml"));

        assertThat(job.run("compile", "--config", "other.yml", "golang.xml", "out.json")).isZero();
        assertThat(job.errors()).noneMatch(line -> line.startsWith("Using config file"));
    }
}
