package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code test-results combine <results.json>... <output.json>}: merges results documents of the job. */
final class CombineCommand implements Subcommand {

    @Override
    public String name() {
        return "combine";
    }

    @Override
    public String use() {
        return "combine <json-file-path>... <json-file>]";
    }

    @Override
    public String summary() {
        return "combines multiples json summary files into one";
    }

    @Override
    public String description() {
        return "Merges results documents (files, or the .json files below directories) into one.";
    }

    @Override
    public List<Flag> flags() {
        return List.of(Flag.bool("omit-output-for-passed", "o", "omit stdout if test passed, defaults to false"));
    }

    @Override
    public int minimumArgs() {
        return 2;
    }

    @Override
    public int run(Session session, List<String> args) throws Failed, IOException {
        String output = args.get(args.size() - 1);
        JobFiles files = session.files();
        List<String> paths = new ArrayList<>();
        for (String input : args.subList(0, args.size() - 1)) {
            Optional<JobFiles.Kind> kind = files.kind(session.call().resolve(input));
            if (kind.isEmpty()) {
                String problem = "stat " + input + ": no such file or directory";
                session.log().error("Input file read failed: " + problem);
                throw new Failed(problem);
            }
            if (kind.get() == JobFiles.Kind.DIRECTORY) {
                for (JobFiles.Entry entry : files.list(session.call().resolve(input))) {
                    if (Report.extensionOf(entry.relativePath()).equals(".json")) {
                        paths.add(Inputs.joined(input, entry.relativePath()));
                    }
                }
            } else if (Report.extensionOf(input).equals(".json")) {
                paths.add(input);
            }
        }
        paths.sort(null);
        ResultLoader loader = new ResultLoader(session);
        Merge merge = new Merge();
        for (String path : paths) {
            merge.add(loader.load(files, session.call().resolve(path)));
        }
        Result result = merge.result();
        if (session.flag("omit-output-for-passed")) {
            result = new Result(result.testResults().stream().map(Compilation::withoutPassedOutput).toList());
        }
        session.writeToJob(result, output, session.compress());
        return 0;
    }
}
