package dev.outrider.toolbox.testresults;

import java.io.IOException;
import java.util.List;

/** {@code test-results compile <report>... <output.json>}: reports to one results document, in the job. */
final class CompileCommand implements Subcommand {

    @Override
    public String name() {
        return "compile";
    }

    @Override
    public String use() {
        return "compile <file-path>... <json-file>";
    }

    @Override
    public String summary() {
        return "parses test result files to well defined json schema";
    }

    @Override
    public String description() {
        return "Reads test reports (JUnit XML, linter JSON) and writes them as one results document.\n\n"
                + "A directory stands for the reports below it. Give a file's parser as <file>:<parser>.\n\n"
                + "Parsers:\n" + TestResultsCommand.parserList();
    }

    @Override
    public List<Flag> flags() {
        return List.of(
                Flag.bool("omit-output-for-passed", "o", "omit stdout if test passed, defaults to false"),
                Flag.bool("ignore-missing", "", "ignore missing files instead of failing"),
                Flag.bool("generate-mcp-summary", "", "generate a summary with only failed tests (no compression)"));
    }

    @Override
    public int minimumArgs() {
        return 2;
    }

    @Override
    public int run(Session session, List<String> args) throws Failed, IOException {
        String output = args.get(args.size() - 1);
        boolean ignoreMissing = session.flag("ignore-missing");
        List<Inputs.Input> inputs = Inputs.expand(session, args.subList(0, args.size() - 1), ignoreMissing);
        if (inputs.isEmpty()) {
            session.log().warn("No files to process");
            session.writeToJob(Result.EMPTY, output, session.compress());
            return 0;
        }
        Result result = new Compilation(session, ignoreMissing).compile(inputs);
        session.writeToJob(result, output, session.compress());
        session.log().info("Compiled test results saved to " + output);
        if (session.flag("generate-mcp-summary")) {
            int slash = output.lastIndexOf('/');
            String summary = slash < 0 ? "mcp-summary.json" : Inputs.joined(output.substring(0, slash), "mcp-summary.json");
            session.writeToJob(result.onlyFailedTests(), summary, false);
            session.log().info("MCP summary saved to " + summary);
        }
        return 0;
    }
}
