package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.call.CallOutput;
import dev.outrider.toolbox.call.ToolboxCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Pushes and pulls artifacts by calling the {@code artifact} toolbox command in-process, its output
 * captured (as the Go tool captures the {@code artifact} binary's), logged only when it fails.
 */
final class Artifacts {

    private final Session session;
    private final Supplier<Optional<ToolboxCommand>> artifact;
    private final Transfers transfers = new Transfers();

    Artifacts(Session session, Supplier<Optional<ToolboxCommand>> artifact) {
        this.session = session;
        this.artifact = artifact;
    }

    /**
     * @param files where {@code file} is: the job's files, or the agent's for a temporary file
     * @throws Failed {@code exit status N} when the push fails
     */
    void push(String level, String file, String destination, JobFiles files) throws Failed, IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("push", level, file, "-d", destination));
        if (session.flag("verbose")) {
            args.add("-v");
        }
        if (session.flag("force")) {
            args.add("-f");
        }
        transfers.pushed(run(args, files, "Pushing"));
    }

    /** @throws Failed {@code exit status N} when the pull fails */
    void pull(String level, String remote, String local, JobFiles files) throws Failed, IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("pull", level, remote, "-d", local));
        if (session.flag("verbose")) {
            args.add("-v");
        }
        transfers.pulled(run(args, files, "Pulling"));
    }

    Transfers transfers() {
        return transfers;
    }

    private String run(List<String> args, JobFiles files, String doing) throws Failed, IOException, InterruptedException {
        Captured output = new Captured();
        Optional<ToolboxCommand> command = artifact.get();
        int status = command.isPresent()
                ? command.get().run(session.call().with("artifact", args, files, output))
                : -1;
        session.log().info(doing + " artifacts:\n$ artifact " + String.join(" ", args));
        if (status != 0) {
            String why = status < 0 ? "exec: \"artifact\": executable file not found in $PATH" : "exit status " + status;
            session.log().error(doing + " artifacts failed: " + why + "\n" + output.text());
            throw new Failed(why);
        }
        return output.text();
    }

    /** The command's standard output and error together, in order. */
    private static final class Captured implements CallOutput {
        private final StringBuilder text = new StringBuilder();

        @Override
        public synchronized void out(String line) {
            text.append(line).append('\n');
        }

        @Override
        public synchronized void err(String line) {
            text.append(line).append('\n');
        }

        synchronized String text() {
            return text.toString();
        }
    }
}
