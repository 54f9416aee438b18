package dev.outrider.toolbox.testresults;

import dev.outrider.toolbox.call.CommandSuggestions;
import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.call.ToolboxCall;
import dev.outrider.toolbox.call.ToolboxCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code test-results}, run in the agent for a job: compiles test reports into Semaphore's results
 * documents and publishes them as artifacts, with the command line, messages and exit statuses of
 * Semaphore's Go tool (v0.9.0).
 */
public final class TestResultsCommand implements ToolboxCommand {

    static final String VERSION = "0.9.0";
    private static final String ROOT = "test-results";

    private static final List<Flag> GLOBAL = List.of(
            Flag.string("config", "", "", "config file (default is $HOME/.test-results.yaml)"),
            Flag.bool("verbose", "v", "verbose output"),
            Flag.bool("trace", "", "trace output"),
            Flag.string("name", "N", "", "name of the suite"),
            Flag.string("suite-prefix", "S", "", "prefix for each suite"),
            Flag.string("parser", "p", "auto", "override parser to be used"),
            Flag.bool("no-compress", "", "skip gzip compression for the output"),
            Flag.integer("trim-output-to", "s", Trim.DEFAULT_LIMIT,
                    "trim stdout/stderr to last N characters, defaults to 1000 (use 0 or --no-trim-output to disable)"),
            Flag.bool("no-trim-output", "", "disable output trimming entirely"));

    private static final List<String> CONFIG_EXTENSIONS = List.of("json", "toml", "yaml", "yml", "properties", "props",
            "prop", "hcl", "tfvars", "dotenv", "env", "ini");

    private final List<Subcommand> subcommands;

    /**
     * @param artifact the {@code artifact} command, looked up when a subcommand uploads or downloads
     */
    public TestResultsCommand(ToolboxCommand artifact) {
        this.subcommands = List.of(new CombineCommand(), new CompileCommand(), new PipelineReportCommand(artifact),
                new PublishCommand(artifact));
    }

    @Override
    public String name() {
        return ROOT;
    }

    @Override
    public int run(ToolboxCall call) throws IOException, InterruptedException {
        List<String> args = call.args();
        FlagSet global = new FlagSet(withVersion(GLOBAL));
        int at = commandIndex(global, args);
        if (at < 0) {
            return runRoot(call, global, args);
        }
        String name = args.get(at);
        if (name.equals("help")) {
            List<String> rest = args.subList(at + 1, args.size());
            Optional<Subcommand> topic = rest.isEmpty() ? Optional.empty() : find(rest.get(0));
            call.output().out(topic.map(this::help).orElseGet(this::rootHelp));
            return 0;
        }
        Optional<Subcommand> subcommand = find(name);
        if (subcommand.isEmpty()) {
            String message = "unknown command \"" + name + "\" for \"" + ROOT + "\"" + suggestion(name);
            call.output().err("Error: " + message);
            call.output().err("Run '" + ROOT + " --help' for usage.");
            call.output().err("Error: " + message);
            return 1;
        }
        List<String> rest = new ArrayList<>(args);
        rest.remove(at);
        return runSubcommand(call, subcommand.get(), rest);
    }

    private int runSubcommand(ToolboxCall call, Subcommand subcommand, List<String> args)
            throws IOException, InterruptedException {
        FlagSet.Parsed parsed;
        try {
            parsed = new FlagSet(all(subcommand)).parse(args);
        } catch (IllegalArgumentException e) {
            return failed(call, subcommand, e.getMessage());
        }
        if (parsed.help()) {
            call.output().out(help(subcommand));
            return 0;
        }
        announceConfig(call, parsed.string("config"));
        if (parsed.positional().size() < subcommand.minimumArgs()) {
            return failed(call, subcommand, "requires at least " + subcommand.minimumArgs() + " arg(s), only received "
                    + parsed.positional().size());
        }
        Session session = new Session(call, parsed, new Log(call.output(), parsed.bool("verbose") || parsed.bool("trace")));
        try {
            return subcommand.run(session, parsed.positional());
        } catch (Failed e) {
            return failed(call, subcommand, e.getMessage());
        }
    }

    private int runRoot(ToolboxCall call, FlagSet global, List<String> args) {
        FlagSet.Parsed parsed;
        try {
            parsed = global.parse(args);
        } catch (IllegalArgumentException e) {
            call.output().err("Error: " + e.getMessage());
            call.output().err(rootUsage());
            call.output().err("Error: " + e.getMessage());
            return 1;
        }
        if (parsed.bool("version") && !parsed.help()) {
            call.output().out(ROOT + " version " + VERSION);
            return 0;
        }
        call.output().out(rootHelp());
        return 0;
    }

    /**
     * Says which configuration file the Go tool would load ({@code --config}, else {@code ~/.test-results.*});
     * no setting is read from it (none is bound to a flag upstream either).
     */
    private static void announceConfig(ToolboxCall call, String configFlag) throws IOException {
        List<String> candidates = new ArrayList<>();
        if (!configFlag.isEmpty()) {
            candidates.add(configFlag);
        } else if (!call.env("HOME").isEmpty()) {
            for (String extension : CONFIG_EXTENSIONS) {
                candidates.add(call.env("HOME") + "/.test-results." + extension);
            }
        }
        for (String candidate : candidates) {
            if (call.files().kind(call.resolve(candidate)).filter(kind -> kind == JobFiles.Kind.FILE).isPresent()) {
                call.output().err("Using config file: " + candidate);
                return;
            }
        }
    }

    /** Prints an error as cobra does (message, usage), and as the tool's main does (message again). */
    private int failed(ToolboxCall call, Subcommand subcommand, String message) {
        call.output().err("Error: " + message);
        call.output().err(usage(subcommand));
        call.output().err("Error: " + message);
        return 1;
    }

    private int commandIndex(FlagSet global, List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                return i + 1 < args.size() ? i + 1 : -1;
            }
            if (arg.startsWith("-") && arg.length() > 1) {
                if (global.takesValue(arg)) {
                    i++;
                }
                continue;
            }
            return i;
        }
        return -1;
    }

    private Optional<Subcommand> find(String name) {
        return subcommands.stream().filter(subcommand -> subcommand.name().equals(name)).findFirst();
    }

    private String suggestion(String typed) {
        return CommandSuggestions.forTyped(typed, names());
    }

    private List<String> names() {
        List<String> names = new ArrayList<>(subcommands.stream().map(Subcommand::name).toList());
        names.add("help");
        names.sort(null);
        return names;
    }


    private static List<Flag> all(Subcommand subcommand) {
        List<Flag> flags = new ArrayList<>(GLOBAL);
        flags.addAll(subcommand.flags());
        return flags;
    }

    private static List<Flag> withVersion(List<Flag> flags) {
        List<Flag> all = new ArrayList<>(flags);
        all.add(Flag.bool("version", "", "version for " + ROOT));
        return all;
    }

    private String help(Subcommand subcommand) {
        return subcommand.description() + "\n\n" + usage(subcommand);
    }

    /** @return cobra's usage text of a subcommand */
    private static String usage(Subcommand subcommand) {
        List<Flag> local = new ArrayList<>(subcommand.flags());
        local.add(Flag.bool("help", "h", "help for " + subcommand.name()));
        return "Usage:\n  " + ROOT + " " + subcommand.use() + " [flags]\n\nFlags:\n" + FlagSet.usages(local).stripTrailing()
                + "\n\nGlobal Flags:\n" + FlagSet.usages(GLOBAL).stripTrailing() + "\n";
    }

    private String rootHelp() {
        return "Semaphore 2.0 Test results CLI v" + VERSION + "\n\n" + rootUsage();
    }

    private String rootUsage() {
        StringBuilder text = new StringBuilder("Usage:\n  " + ROOT + " [command]\n\nAvailable Commands:\n");
        int width = names().stream().mapToInt(String::length).max().orElse(0);
        for (String name : names()) {
            String summary = name.equals("help") ? "Help about any command"
                    : find(name).map(Subcommand::summary).orElse("");
            text.append("  ").append(name).append(" ".repeat(width - name.length() + 1)).append(summary).append('\n');
        }
        List<Flag> flags = withVersion(GLOBAL);
        flags.add(Flag.bool("help", "h", "help for " + ROOT));
        text.append("\nFlags:\n").append(FlagSet.usages(flags).stripTrailing()).append("\n\n")
                .append("Use \"" + ROOT + " [command] --help\" for more information about a command.\n");
        return text.toString();
    }

    /** @return the parsers and their descriptions, one a line, for the help texts */
    static String parserList() {
        StringBuilder text = new StringBuilder();
        for (ReportParser parser : Parsers.ALL) {
            text.append(String.format(Locale.ROOT, "  %-15s - %s%n", parser.name(), parser.description()));
        }
        return text.toString().stripTrailing();
    }
}
