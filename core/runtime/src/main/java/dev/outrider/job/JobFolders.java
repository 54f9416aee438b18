package dev.outrider.job;

import dev.outrider.toolkit.AgentInstance;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of a job's folders in the temporary folder: {@code outrider-job-TAG-AGENT-N} (its work folder)
 * and {@code outrider-job-TAG-log-AGENT-N} (its log spool), {@code AGENT} being the agent process that runs
 * the job, so that what a crashed agent left can be told from what a live one uses.
 */
final class JobFolders {

    private static final Pattern NAME = Pattern.compile("outrider-job-[0-9a-f]+-(log-)?(\\d+-\\d+)-\\d+");

    private JobFolders() {
    }

    /** @return the prefix of a job's work folder (the JDK adds a random number) */
    static String workPrefix(String processTag, AgentInstance agent) {
        return "outrider-job-" + processTag + "-" + agent.id() + "-";
    }

    /** @return the prefix of a job's log spool folder */
    static String spoolPrefix(String processTag, AgentInstance agent) {
        return "outrider-job-" + processTag + "-log-" + agent.id() + "-";
    }

    /** Deletes a folder and everything in it. */
    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * @param name a file name in the temporary folder
     * @return whose job folder it is, or empty when it is none
     */
    static Optional<Folder> parse(String name) {
        Matcher matcher = NAME.matcher(name);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return AgentInstance.parse(matcher.group(2)).map(agent -> new Folder(agent, matcher.group(1) != null));
    }

    /**
     * @param agent the agent process that made it
     * @param spool whether it is a log spool folder (else a work folder)
     */
    record Folder(AgentInstance agent, boolean spool) {
    }
}
