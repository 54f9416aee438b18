package dev.outrider.toolbox.testresults;

import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * How one test framework's JUnit XML differs from the others, as Semaphore's parsers read it.
 *
 * @param name               the parser's name
 * @param description        for the help text
 * @param detects            when automatic detection picks it
 * @param framework          the results' framework ({@code ""} for generic)
 * @param presetName         a name the results have before the file is read (also when it cannot be), or null
 * @param testsuitesName     the results' name when a {@code <testsuites>} root has none
 * @param rootSuiteAllowed   whether a {@code <testsuite>} root is read (else it is an error)
 * @param suiteName          a suite's name from its {@code name} attribute
 * @param flagsAreBooleans   a suite's {@code disabled}/{@code skipped} (and the root's {@code disabled}) are flags, not counts
 * @param suiteSkippedRead   whether a suite's {@code skipped} attribute is read at all
 * @param testAttributes     the {@code <testcase>} attributes read
 * @param trimsFilePrefix    a test's {@code file} loses a leading {@code ./}
 * @param nesting            how nested suites are flattened
 * @param groupsByFile       tests are regrouped into one suite per file (rspec)
 */
record JUnitDialect(String name, String description, Predicate<XmlShape> detects, String framework, String presetName,
                    String testsuitesName, boolean rootSuiteAllowed, UnaryOperator<String> suiteName,
                    boolean flagsAreBooleans, boolean suiteSkippedRead, Set<String> testAttributes,
                    boolean trimsFilePrefix, Nesting nesting, boolean groupsByFile) {

    /** Nested {@code <testsuite>}s. */
    enum Nesting {
        /** ignored */
        IGNORED,
        /** PHPUnit: a suite with tests is kept under its path of names joined with {@code \}; nesting after its first test is dropped */
        PHPUNIT,
        /** every suite with tests is kept under its path of names joined with {@code \} */
        EMBEDDED
    }

    private static final Set<String> PLAIN = Set.of("name", "file", "time", "classname");
    private static final Set<String> WITH_IDS = Set.of("name", "time", "classname", "id", "file", "package");

    static JUnitDialect rspec() {
        return new JUnitDialect("rspec", "RSpec test output in JUnit format",
                shape -> shape.root().equals("testsuite") && shape.rootName().startsWith("rspec"), "rspec",
                "Rspec Suite", "", true, UnaryOperator.identity(), true, true, WITH_IDS, true, Nesting.IGNORED, true);
    }

    static JUnitDialect exunit() {
        return new JUnitDialect("exunit", "ExUnit test output in JUnit format", XmlShape::elixirSuite, "exunit", null,
                "", true, name -> removePrefix(name, "Elixir."), true, true, PLAIN, false, Nesting.IGNORED, false);
    }

    static JUnitDialect mocha() {
        return new JUnitDialect("mocha", "Mocha test output in JUnit format",
                shape -> shape.root().equals("testsuites") && shape.rootName().toLowerCase(java.util.Locale.ROOT)
                        .contains("mocha"), "mocha", null, "", true, name -> removePrefix(name, "Mocha"), true, true,
                PLAIN, false, Nesting.IGNORED, false);
    }

    static JUnitDialect golang() {
        return new JUnitDialect("golang", "Go test output in JUnit format", XmlShape::goSuite, "golang", null, "", true,
                UnaryOperator.identity(), true, true, PLAIN, false, Nesting.IGNORED, false);
    }

    static JUnitDialect phpunit() {
        return new JUnitDialect("phpunit", "PHPUnit test output in JUnit format", shape -> false, "phpunit",
                "PHPUnit Suite", "PHPUnit Suite", true, UnaryOperator.identity(), true, true, WITH_IDS, true,
                Nesting.PHPUNIT, false);
    }

    static JUnitDialect embedded() {
        return new JUnitDialect("embedded", "JUnit format with nested testsuites", shape -> false, "embedded",
                "Suite", "Suite", false, UnaryOperator.identity(), false, false,
                Set.of("name", "time", "classname", "id", "package"), false, Nesting.EMBEDDED, false);
    }

    static JUnitDialect generic() {
        return new JUnitDialect("generic", "Generic JUnit XML format (catch-all)", shape -> true, "", null, "", true,
                UnaryOperator.identity(), false, true, Set.of("name", "file", "time", "classname", "class"), false,
                Nesting.IGNORED, false);
    }

    private static String removePrefix(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
}
