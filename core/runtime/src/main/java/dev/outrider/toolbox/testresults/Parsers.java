package dev.outrider.toolbox.testresults;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/** The parsers, in the order automatic detection tries them. */
final class Parsers {

    static final List<ReportParser> ALL = List.of(
            new JUnitParser(JUnitDialect.rspec()),
            new JUnitParser(JUnitDialect.exunit()),
            new JUnitParser(JUnitDialect.mocha()),
            new JUnitParser(JUnitDialect.golang()),
            new JUnitParser(JUnitDialect.phpunit()),
            new JUnitParser(JUnitDialect.embedded()),
            new JUnitParser(JUnitDialect.generic()),
            new StaticcheckParser(),
            new ReviveParser());

    private Parsers() {
    }

    static Optional<ReportParser> named(String name) {
        return ALL.stream().filter(parser -> parser.name().equals(name)).findFirst();
    }

    /** @return whether some parser reads files with this extension (directories are searched for these) */
    static boolean readsExtension(String extension) {
        return ALL.stream().anyMatch(parser -> parser.extension().equals(extension));
    }

    /**
     * @param name a parser's name, or {@code auto} to detect one from the report's extension and content
     * @throws IllegalArgumentException with upstream's message when there is none
     */
    static ReportParser find(String name, Report report) throws IOException {
        if (!name.equals("auto")) {
            return named(name).orElseThrow(() -> new IllegalArgumentException("parser not found: " + name));
        }
        for (ReportParser parser : ALL) {
            if (parser.extension().equals(report.extension()) && parser.detects(report)) {
                return parser;
            }
        }
        throw new IllegalArgumentException("no applicable parsers found for " + report.shown());
    }
}
