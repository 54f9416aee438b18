package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** How results merge: by id, with upstream's replace rule for tests met twice. */
class MergeTest {

    private static Test test(String id, String state, long duration) {
        return new Test(id, "", "", "", id, duration, state, null, null, "", "", SemaphoreEnv.EMPTY);
    }

    private static Result result(String resultsId, Suite... suites) {
        return new Result(List.of(new TestResults(resultsId, "r", "", false, Summary.EMPTY, TestResults.SUCCESS, "",
                List.of(suites))));
    }

    private static Suite suite(String id, long ownDuration, Test... tests) {
        List<Test> list = List.of(tests);
        return new Suite(id, id, false, false, "", "", "", null, Summary.ofTests(list, ownDuration), "", "", list);
    }

    private static String stateAfter(String first, String second) {
        Merge merge = new Merge();
        merge.add(result("r", suite("s", 0, test("t", first, 1))));
        merge.add(result("r", suite("s", 0, test("t", second, 2))));
        return merge.result().testResults().get(0).suites().get(0).tests().get(0).state();
    }

    @org.junit.jupiter.api.Test
    void aTestMetAgainReplacesTheEarlierOneOnlyByUpstreamsRule() {
        assertThat(stateAfter("skipped", "passed")).isEqualTo("passed");
        assertThat(stateAfter("passed", "failed")).isEqualTo("failed");
        assertThat(stateAfter("failed", "passed")).isEqualTo("failed");
        assertThat(stateAfter("passed", "skipped")).isEqualTo("passed");
        assertThat(stateAfter("failed", "error")).isEqualTo("error");
        assertThat(stateAfter("error", "failed")).isEqualTo("error");
        assertThat(stateAfter("disabled", "error")).as("any error replaces (operator precedence)").isEqualTo("error");
        assertThat(stateAfter("disabled", "failed")).isEqualTo("disabled");
    }

    @org.junit.jupiter.api.Test
    void mergedSuitesAreSortedRecountedAndKeepTheirLargerOwnDuration() {
        Merge merge = new Merge();
        merge.add(result("r", suite("b", 100, test("t2", "passed", 10), test("t1", "failed", 20)), suite("a", 0)));
        merge.add(result("r", suite("b", 0, test("t3", "skipped", 30))));

        TestResults merged = merge.result().testResults().get(0);
        assertThat(merged.suites()).extracting(Suite::id).containsExactly("a", "b");
        Suite b = merged.suites().get(1);
        assertThat(b.tests()).extracting(Test::id).containsExactly("t1", "t2", "t3");
        assertThat(b.summary()).isEqualTo(new Summary(3, 1, 1, 0, 1, 0, 100));
        assertThat(merged.summary()).isEqualTo(new Summary(3, 1, 1, 0, 1, 0, 100));
    }

    @org.junit.jupiter.api.Test
    void unmergedSuitesKeepTheirTestOrderAndDuplicates() {
        Merge merge = new Merge();
        merge.add(result("r", suite("s", 0, test("z", "passed", 1), test("a", "passed", 1), test("a", "failed", 1))));

        assertThat(merge.result().testResults().get(0).suites().get(0).tests()).extracting(Test::id)
                .containsExactly("z", "a", "a");
    }

    @org.junit.jupiter.api.Test
    void resultsWithOneIdBecomeOneAndResultsAreSortedById() {
        Merge merge = new Merge();
        merge.add(result("y", suite("s1", 0, test("t", "passed", 5))));
        merge.add(result("x", suite("s2", 0)));
        merge.add(result("y", suite("s3", 0, test("u", "failed", 7))));

        List<TestResults> all = merge.result().testResults();
        assertThat(all).extracting(TestResults::id).containsExactly("x", "y");
        assertThat(all.get(1).suites()).extracting(Suite::id).containsExactly("s1", "s3");
        assertThat(all.get(1).summary()).isEqualTo(new Summary(2, 1, 0, 0, 1, 0, 12));
    }
}
