package dev.outrider.toolbox.testresults;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.XMLStreamException;

/**
 * Reads JUnit XML in one streaming pass (StAX), keeping only the tests read so far: a 50 MB report
 * is never held whole. One class for every framework: a {@link JUnitDialect} says how they differ.
 */
final class JUnitParser implements ReportParser {

    private final JUnitDialect dialect;

    JUnitParser(JUnitDialect dialect) {
        this.dialect = dialect;
    }

    @Override
    public String name() {
        return dialect.name();
    }

    @Override
    public String description() {
        return dialect.description();
    }

    @Override
    public String extension() {
        return ".xml";
    }

    @Override
    public boolean detects(Report report) throws IOException {
        return dialect.detects().test(report.shape());
    }

    @Override
    public TestResults parse(Report report, Reading reading) throws IOException {
        try (XmlDocument document = XmlDocument.open(report.files(), report.path())) {
            XmlElement root = document.root();
            TestResults results = switch (root.name()) {
                case "testsuites" -> readTestsuites(root, reading);
                case "testsuite" -> readRootSuite(root, reading);
                default -> {
                    root.skip();
                    yield failure(dialect.nesting() == JUnitDialect.Nesting.EMBEDDED
                            ? "Invalid root element found: <" + root.name() + ">,  must be <testsuites>"
                            : "Invalid root element found: <" + root.name()
                            + ">, must be one of <testsuites>, <testsuite>");
                }
            };
            return dialect.groupsByFile() ? groupedByFile(results) : results;
        } catch (XMLStreamException e) {
            return malformed(XmlDocument.malformed(e), reading);
        } catch (XmlDocument.Malformed e) {
            return malformed(e, reading);
        }
    }

    private TestResults malformed(XmlDocument.Malformed problem, Reading reading) {
        reading.log().error("Loading XML failed: " + problem.getMessage());
        return failure(problem.getMessage());
    }

    private TestResults failure(String message) {
        String preset = dialect.presetName();
        return preset == null ? TestResults.failed("", "", "", message)
                : TestResults.failed(TestResults.idOf(preset, dialect.framework()), preset, dialect.framework(), message);
    }

    private TestResults readTestsuites(XmlElement root, Reading reading) throws XMLStreamException {
        Values values = reading.values();
        String name = root.attributes().getOrDefault("name", dialect.testsuitesName());
        boolean disabled = false;
        for (Map.Entry<String, String> attribute : root.attributes().entrySet()) {
            switch (attribute.getKey()) {
                case "time" -> values.duration(attribute.getValue());
                case "tests", "failures", "errors" -> values.integer(attribute.getValue());
                case "disabled" -> {
                    if (dialect.flagsAreBooleans()) {
                        disabled = values.bool(attribute.getValue());
                    } else {
                        values.integer(attribute.getValue());
                    }
                }
                default -> { }
            }
        }
        String id = TestResults.idOf(name, dialect.framework());
        List<SuiteReader> suites = new ArrayList<>();
        root.children(child -> {
            if (child.name().equals("testsuite")) {
                if (dialect.nesting() == JUnitDialect.Nesting.IGNORED) {
                    SuiteReader suite = new SuiteReader(child, null, id, reading);
                    suite.readContent(child, true);
                    suites.add(suite);
                } else {
                    flatten(child, child.attribute("name"), id, suites, reading);
                }
            }
        });
        return new TestResults(id, name, dialect.framework(), disabled, Summary.EMPTY, TestResults.SUCCESS, "",
                List.of()).withSuites(suites.stream().map(SuiteReader::build).toList());
    }

    private TestResults readRootSuite(XmlElement root, Reading reading) throws XMLStreamException {
        if (!dialect.rootSuiteAllowed()) {
            root.skip();
            return failure("Invalid root element found: <testsuite>, must be <testsuites>");
        }
        String preset = dialect.presetName();
        String name = preset != null ? preset : titled(dialect.name() + " suite");
        String id = preset != null ? TestResults.idOf(preset, dialect.framework()) : TestResults.idOf(name, "");
        SuiteReader suite = new SuiteReader(root, null, id, reading);
        // PHPUnit's flattening replaces a root suite's content by its nested suites, which it then ignores
        suite.readContent(root, dialect.nesting() != JUnitDialect.Nesting.PHPUNIT);
        return new TestResults(id, name, dialect.framework(), false, Summary.EMPTY, TestResults.SUCCESS, "", List.of())
                .withSuites(List.of(suite.build()));
    }

    /**
     * Keeps the suites that have tests, in the order their first test comes, under their path of
     * names; for PHPUnit nesting after a suite's first test is not followed.
     */
    private void flatten(XmlElement element, String path, String resultsId, List<SuiteReader> out, Reading reading)
            throws XMLStreamException {
        SuiteReader suite = new SuiteReader(element, path, resultsId, reading);
        boolean[] kept = {false};
        element.children(child -> {
            switch (child.name()) {
                case "testsuite" -> {
                    if (!(kept[0] && dialect.nesting() == JUnitDialect.Nesting.PHPUNIT)) {
                        flatten(child, joined(path, child.attribute("name")), resultsId, out, reading);
                    }
                }
                case "testcase" -> {
                    if (!kept[0]) {
                        kept[0] = true;
                        out.add(suite);
                    }
                    suite.readChild(child);
                }
                default -> suite.readChild(child);
            }
        });
    }

    private static String joined(String prefix, String name) {
        if (prefix.isEmpty()) {
            return name;
        }
        return name.isEmpty() ? prefix : prefix + "\\" + name;
    }

    private TestResults groupedByFile(TestResults results) {
        Map<String, List<Test>> byFile = new LinkedHashMap<>();
        for (Suite suite : results.suites()) {
            for (Test test : suite.tests()) {
                byFile.computeIfAbsent(test.file().isEmpty() ? suite.name() : test.file(), file -> new ArrayList<>())
                        .add(test);
            }
        }
        List<Suite> suites = new ArrayList<>();
        byFile.forEach((file, tests) -> suites.add(Suite.of(Suite.idIn(results.id(), file), file, "", tests)));
        return results.withSuites(suites);
    }

    /** @return each word capitalised, as Go's {@code cases.Title} does for these names */
    static String titled(String text) {
        StringBuilder titled = new StringBuilder(text.length());
        boolean start = true;
        for (char c : text.toCharArray()) {
            titled.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == ' ';
        }
        return titled.toString();
    }

    /** One suite being read: its attributes at once, its tests and outputs as they come. */
    private final class SuiteReader {
        private final Reading reading;
        private final Values values;
        private final String id;
        private final String name;
        private boolean skipped;
        private boolean disabled;
        private final String timestamp;
        private final String hostname;
        private final String pkg;
        private long duration;
        private TreeMap<String, String> properties;
        private String systemOut = "";
        private String systemErr = "";
        private final List<Test> tests = new ArrayList<>();

        /** @param path the name flattening gives the suite, or null to take it from its attribute */
        SuiteReader(XmlElement element, String path, String resultsId, Reading reading) {
            this.reading = reading;
            this.values = reading.values();
            Map<String, String> attributes = element.attributes();
            for (Map.Entry<String, String> attribute : attributes.entrySet()) {
                String value = attribute.getValue();
                switch (attribute.getKey()) {
                    case "tests", "failures", "errors" -> values.integer(value);
                    case "time" -> duration = values.duration(value);
                    case "disabled" -> {
                        if (dialect.flagsAreBooleans()) {
                            disabled = values.bool(value);
                        } else {
                            values.integer(value);
                        }
                    }
                    case "skipped" -> {
                        if (dialect.suiteSkippedRead() && dialect.flagsAreBooleans()) {
                            skipped = values.bool(value);
                        } else if (dialect.suiteSkippedRead()) {
                            values.integer(value);
                        }
                    }
                    default -> { }
                }
            }
            this.name = path != null ? path : dialect.suiteName().apply(element.attribute("name"));
            this.timestamp = element.attribute("timestamp");
            this.hostname = element.attribute("hostname");
            this.pkg = element.attribute("package");
            String ownId = element.attribute("id");
            this.id = Suite.idIn(resultsId, ownId.isEmpty() ? name : ownId);
        }

        void readContent(XmlElement element, boolean keep) throws XMLStreamException {
            if (keep) {
                element.children(this::readChild);
            } else {
                element.skip();
            }
        }

        void readChild(XmlElement child) throws XMLStreamException {
            switch (child.name()) {
                case "properties" -> {
                    TreeMap<String, String> read = new TreeMap<>();
                    child.children(property -> read.put(property.attribute("name"), property.attribute("value")));
                    properties = read;
                }
                case "system-out" -> systemOut = reading.trim().apply(child.text());
                case "system-err" -> systemErr = reading.trim().apply(child.text());
                case "testcase" -> tests.add(readTest(child));
                default -> { }
            }
        }

        private Test readTest(XmlElement element) throws XMLStreamException {
            String testId = "";
            String testName = "";
            String file = "";
            String classname = "";
            String testPackage = "";
            long testDuration = 0;
            for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
                String key = attribute.getKey();
                if (!dialect.testAttributes().contains(key)) {
                    continue;
                }
                String value = attribute.getValue();
                switch (key) {
                    case "name" -> testName = value;
                    case "file" -> file = dialect.trimsFilePrefix() && value.startsWith("./") ? value.substring(2) : value;
                    case "time" -> testDuration = values.duration(value);
                    case "classname", "class" -> classname = value;
                    case "id" -> testId = value;
                    case "package" -> testPackage = value;
                    default -> { }
                }
            }
            TestContent content = new TestContent();
            element.children(content::read);
            Trim trim = reading.trim();
            return new Test(Test.idIn(id, testId, testName, classname, testPackage, file), file, classname,
                    testPackage, testName, testDuration, content.state,
                    content.failure == null ? null : content.failure.trimmed(trim),
                    content.error == null ? null : content.error.trimmed(trim), trim.apply(content.systemOut),
                    trim.apply(content.systemErr), reading.env());
        }

        Suite build() {
            return new Suite(id, name, skipped, disabled, timestamp, hostname, pkg, properties,
                    Summary.ofTests(tests, duration), systemOut, systemErr, tests);
        }
    }

    /** What a {@code <testcase>}'s children say. */
    private static final class TestContent {
        String state = Test.PASSED;
        Fault failure;
        Fault error;
        String systemOut = "";
        String systemErr = "";

        void read(XmlElement child) throws XMLStreamException {
            switch (child.name()) {
                case "failure" -> {
                    state = Test.FAILED;
                    failure = new Fault(child.attribute("message"), child.attribute("type"), child.text());
                }
                case "error" -> {
                    state = Test.ERROR;
                    error = new Fault(child.attribute("message"), child.attribute("type"), child.text());
                }
                case "skipped" -> state = Test.SKIPPED;
                case "system-out" -> systemOut = child.text();
                case "system-err" -> systemErr = child.text();
                default -> { }
            }
        }
    }
}
