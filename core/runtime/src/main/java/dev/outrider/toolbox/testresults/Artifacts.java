package dev.outrider.toolbox.testresults;

import dev.outrider.spi.JobFiles;
import dev.outrider.toolbox.call.CapturedOutput;
import dev.outrider.toolbox.call.ToolboxCommand;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pushes and pulls artifacts by calling the {@code artifact} toolbox command in-process, its output
 * captured (as the Go tool captures the {@code artifact} binary's), logged only when it fails.
 */
final class Artifacts {

    private final Session session;
    private final ToolboxCommand artifact;
    private final Transfers transfers = new Transfers();

    Artifacts(Session session, ToolboxCommand artifact) {
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
        CapturedOutput output = new CapturedOutput();
        int status = artifact.run(session.call().with("artifact", args, files, output));
        // what the artifact command printed, lines ended as a process's combined output
        String printed = output.text().isEmpty() ? "" : output.text() + "\n";
        session.log().info(doing + " artifacts:\n$ artifact " + String.join(" ", args));
        if (status != 0) {
            String why = "exit status " + status;
            session.log().error(doing + " artifacts failed: " + why + "\n" + printed);
            throw new Failed(why);
        }
        return printed;
    }

}
