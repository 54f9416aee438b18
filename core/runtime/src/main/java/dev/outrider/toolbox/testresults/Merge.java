package dev.outrider.toolbox.testresults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Merges results documents the way Semaphore's test-results does: results with one id become one,
 * suites with one id (also within one results) become one, and a test met again under its id
 * replaces the earlier one when that was skipped, when it passed and the new one failed, or
 * whenever the new one errored. Merged lists are sorted by id and merged summaries recounted.
 */
final class Merge {

    private final List<TestResults> merged = new ArrayList<>();

    /** Adds a document to the merge. */
    void add(Result result) {
        for (TestResults incoming : result.testResults()) {
            TestResults flat = flatten(incoming);
            int found = indexOf(flat.id());
            if (found < 0) {
                merged.add(flat);
            } else {
                merged.set(found, combine(merged.get(found), flat));
            }
        }
        merged.sort(Comparator.comparing(TestResults::id));
        merged.replaceAll(results -> results.withSuites(results.suites()));
    }

    /** @return the merge so far */
    Result result() {
        return new Result(merged);
    }

    private int indexOf(String id) {
        for (int i = 0; i < merged.size(); i++) {
            if (merged.get(i).id().equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static TestResults flatten(TestResults results) {
        List<Suite> suites = new ArrayList<>();
        addSuites(suites, results.suites());
        return new TestResults(results.id(), results.name(), results.framework(), results.isDisabled(),
                results.summary(), results.status(), results.statusMessage(), suites);
    }

    private static TestResults combine(TestResults existing, TestResults incoming) {
        List<Suite> suites = new ArrayList<>(existing.suites());
        addSuites(suites, incoming.suites());
        return new TestResults(existing.id(), existing.name(), existing.framework(), existing.isDisabled(),
                existing.summary(), existing.status(), existing.statusMessage(), suites);
    }

    private static void addSuites(List<Suite> suites, List<Suite> incoming) {
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < suites.size(); i++) {
            byId.putIfAbsent(suites.get(i).id(), i);
        }
        for (Suite suite : incoming) {
            Integer found = byId.get(suite.id());
            if (found == null) {
                byId.put(suite.id(), suites.size());
                suites.add(suite);
            } else {
                suites.set(found, combine(suites.get(found), suite));
            }
        }
        suites.sort(Comparator.comparing(Suite::id));
    }

    private static Suite combine(Suite existing, Suite incoming) {
        List<Test> tests = new ArrayList<>(existing.tests());
        Map<String, Integer> byId = new HashMap<>();
        for (int i = 0; i < tests.size(); i++) {
            byId.putIfAbsent(tests.get(i).id(), i);
        }
        for (Test test : incoming.tests()) {
            Integer found = byId.get(test.id());
            if (found == null) {
                byId.put(test.id(), tests.size());
                tests.add(test);
            } else if (replaces(tests.get(found), test)) {
                tests.set(found, test);
            }
        }
        tests.sort(Comparator.comparing(Test::id));
        return existing.withTests(tests);
    }

    private static boolean replaces(Test existing, Test incoming) {
        return existing.state().equals(Test.SKIPPED)
                || existing.state().equals(Test.PASSED) && incoming.state().equals(Test.FAILED)
                || incoming.state().equals(Test.ERROR);
    }
}
