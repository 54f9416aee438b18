package dev.outrider.toolbox.testresults;

import java.io.IOException;
import java.util.List;

/** One of test-results' subcommands. */
interface Subcommand {

    String name();

    /** @return the usage line after {@code test-results }, e.g. {@code compile <file-path>... <json-file>} */
    String use();

    /** @return the one-line description in the command list */
    String summary();

    /** @return the help text */
    String description();

    /** @return its own flags (besides the global ones and {@code -h}) */
    List<Flag> flags();

    /** @return the fewest positional arguments it takes */
    int minimumArgs();

    /**
     * @return the exit status
     * @throws Failed for an error test-results reports as {@code Error: ...}
     */
    int run(Session session, List<String> args) throws Failed, IOException, InterruptedException;
}
