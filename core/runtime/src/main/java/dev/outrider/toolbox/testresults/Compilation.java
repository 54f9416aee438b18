package dev.outrider.toolbox.testresults;

import java.io.IOException;
import java.util.List;

/**
 * Parses report files and merges them into one document, as {@code compile} and {@code publish} do:
 * each file gets its parser (named, or detected), its name and suite prefix from the flags, then all merge.
 */
final class Compilation {

    private final Session session;
    private final boolean ignoreMissing;

    Compilation(Session session, boolean ignoreMissing) {
        this.session = session;
        this.ignoreMissing = ignoreMissing;
    }

    /** @throws Failed when a file has no parser (unless missing files are ignored) */
    Result compile(List<Inputs.Input> inputs) throws Failed, IOException {
        Reading reading = session.reading();
        Merge merge = new Merge();
        for (Inputs.Input input : inputs) {
            Report report = new Report(session.files(), session.call().resolve(input.shown()), input.shown());
            ReportParser parser;
            try {
                parser = parserFor(input, report);
            } catch (Failed e) {
                if (ignoreMissing) {
                    session.log().warn("Could not find parser for " + input.shown() + ", skipping: " + e.getMessage());
                    continue;
                }
                throw e;
            }
            merge.add(new Result(List.of(named(parser, parser.parse(report, reading)))));
        }
        return merge.result();
    }

    private ReportParser parserFor(Inputs.Input input, Report report) throws Failed, IOException {
        if (!input.parser().isEmpty()) {
            try {
                ReportParser parser = Parsers.find(input.parser(), report);
                session.log().info("Using " + parser.name() + " parser (explicitly specified)");
                return parser;
            } catch (IllegalArgumentException e) {
                session.log().error("Could not find specified parser " + input.parser() + ": " + e.getMessage());
                throw new Failed("parser " + input.parser() + " not found");
            }
        }
        try {
            ReportParser parser = Parsers.find(session.flags().string("parser"), report);
            session.log().info("Using " + parser.name() + " parser");
            return parser;
        } catch (IllegalArgumentException e) {
            session.log().error("Could not find parser: " + e.getMessage());
            throw new Failed(e.getMessage());
        }
    }

    /** Applies {@code --name}, the default name, {@code --suite-prefix} and {@code --omit-output-for-passed}. */
    private TestResults named(ReportParser parser, TestResults parsed) {
        TestResults results = parsed;
        String name = session.flags().string("name");
        if (!name.isEmpty()) {
            results = results.renamed(name);
        }
        if (results.name().isEmpty()) {
            results = results.withName(JUnitParser.titled(parser.name() + " Suite"));
        }
        String prefix = session.flags().string("suite-prefix");
        if (!prefix.isEmpty()) {
            results = results.withSuitePrefix(prefix);
        }
        return session.flag("omit-output-for-passed") ? withoutPassedOutput(results) : results;
    }

    static TestResults withoutPassedOutput(TestResults results) {
        return results.withSuites(results.suites().stream().map(Suite::withoutOutputOfPassedTests).toList());
    }
}
