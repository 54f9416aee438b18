package dev.outrider.toolbox.testresults;

import java.io.IOException;

/** Reads one kind of test report into results. */
interface ReportParser {

    /** @return the name users give with {@code --parser} or {@code file:parser} */
    String name();

    /** @return one line for the help text */
    String description();

    /** @return the file extension it reads, with the dot */
    String extension();

    /** @return whether automatic detection picks it for a report */
    boolean detects(Report report) throws IOException;

    /**
     * Reads a report. A report that cannot be understood gives results with status {@code error}.
     *
     * @throws IOException when the file cannot be read at all
     */
    TestResults parse(Report report, Reading reading) throws IOException;
}
