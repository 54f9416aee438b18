package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One sample report per parser, compiled through the command, against the document derived by hand
 * from upstream's rules (ids computed independently with Python's uuid3).
 */
class ParserSamplesTest {

    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"generic.xml,generic.xml,generic", "golang.xml,golang.xml,golang", "rspec.xml,rspec.xml,rspec",
            "exunit.xml,exunit.xml,exunit", "mocha.xml,mocha.xml,mocha", "phpunit.xml,phpunit.xml:phpunit,phpunit",
            "embedded.xml,embedded.xml:embedded,embedded", "staticcheck.json,staticcheck.json,staticcheck",
            "revive.json,revive.json,revive"})
    void compilesSampleToTheDocumentUpstreamWrites(String sample, String input, String expected) throws Exception {
        Job job = new Job(folder);
        job.sample(sample);

        int status = job.run("compile", "--no-compress", input, "out.json");

        assertThat(status).as(String.join("\n", job.printed)).isZero();
        assertThat(job.json("out.json")).isEqualTo(Job.expected(expected + ".expected.json"));
    }

    @Test
    void detectsEachFrameworkByContentAndSaysWhichParserItUses() throws Exception {
        Job job = new Job(folder);
        for (String sample : new String[] {"generic.xml", "golang.xml", "rspec.xml", "exunit.xml", "mocha.xml",
                "staticcheck.json", "revive.json"}) {
            job.sample(sample);
        }
        String[][] expected = {{"generic.xml", "generic"}, {"golang.xml", "golang"}, {"rspec.xml", "rspec"},
                {"exunit.xml", "exunit"}, {"mocha.xml", "mocha"}, {"staticcheck.json", "go:staticcheck"},
                {"revive.json", "go:revive"}};
        for (String[] pair : expected) {
            assertThat(job.run("compile", pair[0], "out.json")).isZero();
            assertThat(job.errors()).contains("* Using " + pair[1] + " parser");
        }
    }

    @Test
    void warnsAboutValuesThatDoNotParseAndCountsThemAsZero() throws Exception {
        Job job = new Job(folder);
        job.sample("generic.xml");

        job.run("compile", "generic.xml", "out.json");

        assertThat(job.errors()).contains(
                "* Integer parsing failed: strconv.Atoi: parsing \"x\": invalid syntax",
                "* Duration parsing failed: strconv.ParseFloat: parsing \"abc\": invalid syntax");
    }

    @Test
    void stampsTheJobsRefOnEveryTest() throws Exception {
        Job job = new Job(folder);
        job.sample("golang.xml");
        job.env.put("SEMAPHORE_GIT_REF_TYPE", "tag");
        job.env.put("SEMAPHORE_GIT_BRANCH", "v1.2.0");

        job.run("compile", "--no-compress", "golang.xml", "out.json");

        var env = job.json("out.json").at("/testResults/0/suites/0/tests/0/semaphoreEnv");
        assertThat(env.get("gitRefType").asText()).isEqualTo("tag");
        assertThat(env.get("gitRefName").asText()).isEqualTo("v1.2.0");
        assertThat(env.get("gitRefSha").asText()).isEqualTo("aaa");
    }
}
