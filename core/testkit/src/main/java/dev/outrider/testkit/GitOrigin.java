package dev.outrider.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real bare git repository for checkout tests, built with {@code git fast-import} in one go (fixed
 * dates, so the same commits every time): {@value #MAIN_COMMITS} commits on {@code main}, each changing
 * {@code f.txt}, {@code sub/s.txt} and {@code other/o.txt}; the lightweight tag {@value #TAG} on the
 * {@value #TAGGED_COMMIT}th; a branch {@code feature} with one commit more than {@code main} adding
 * {@code feature.txt}; and the pull request ref {@value #PULL_REQUEST_REF}, a merge of {@code feature}
 * into {@code main}. Partial clones are allowed ({@code uploadpack.allowFilter}).
 */
public final class GitOrigin {

    /** How many commits {@code main} has. */
    public static final int MAIN_COMMITS = 60;
    /** The tag on main's {@value #TAGGED_COMMIT}th commit. */
    public static final String TAG = "v1.0";
    /** Which commit of main, from 1, has the tag. */
    public static final int TAGGED_COMMIT = 55;
    /** The pull request's merge ref. */
    public static final String PULL_REQUEST_REF = "refs/pull/7/merge";

    private final Path directory;

    private GitOrigin(Path directory) {
        this.directory = directory;
    }

    /**
     * @param folder where to put it, as {@code origin.git}
     * @throws IllegalStateException when git is missing or fails, with what it printed
     */
    public static GitOrigin create(Path folder) {
        Path directory = folder.resolve("origin.git");
        run(folder, null, "git", "init", "-q", "--bare", directory.toString());
        run(directory, null, "git", "symbolic-ref", "HEAD", "refs/heads/main");
        run(directory, null, "git", "config", "uploadpack.allowFilter", "true");
        run(directory, stream(), "git", "fast-import", "--quiet");
        return new GitOrigin(directory);
    }

    private static String stream() {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= MAIN_COMMITS; i++) {
            commit(text, "refs/heads/main", i, "main " + i, List.of("f.txt", "sub/s.txt", "other/o.txt"), null);
            if (i == TAGGED_COMMIT) {
                text.append("reset refs/tags/").append(TAG).append("\nfrom :").append(i).append("\n\n");
            }
        }
        text.append("reset refs/heads/feature\nfrom :").append(MAIN_COMMITS).append("\n\n");
        commit(text, "refs/heads/feature", 100, "feature", List.of("feature.txt"), null);
        text.append("reset ").append(PULL_REQUEST_REF).append("\nfrom :").append(MAIN_COMMITS).append("\n\n");
        commit(text, PULL_REQUEST_REF, 101, "merge feature", List.of("feature.txt"), ":100");
        return text.toString();
    }

    private static void commit(StringBuilder text, String ref, int mark, String message, List<String> files, String merge) {
        text.append("commit ").append(ref).append("\nmark :").append(mark)
                .append("\ncommitter Outrider Test <test@outrider.invalid> ").append(1_700_000_000L + mark * 60L)
                .append(" +0000\n");
        data(text, message);
        if (merge != null) {
            text.append("merge ").append(merge).append('\n');
        }
        for (String file : files) {
            text.append("M 100644 inline ").append(file).append('\n');
            data(text, file + " of " + message + "\n");
        }
        text.append('\n');
    }

    private static void data(StringBuilder text, String content) {
        text.append("data ").append(content.getBytes(StandardCharsets.UTF_8).length).append('\n').append(content).append('\n');
    }

    /** @return the bare repository's folder */
    public Path directory() {
        return directory;
    }

    /** @return its {@code file://} URL */
    public String fileUrl() {
        return directory.toUri().toString().replaceFirst("^file:/+", "file:///");
    }

    /** @return the full SHA of a revision, e.g. {@code main~5} */
    public String sha(String revision) {
        return run(directory, null, "git", "rev-parse", "--verify", "-q", revision + "^{commit}").strip();
    }

    /** Runs a command in a folder, with this text on its stdin; returns its stdout. */
    static String run(Path folder, String input, String... command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(List.of(command))).directory(folder.toFile())
                    .redirectErrorStream(true).start();
            try (var stdin = process.getOutputStream()) {
                if (input != null) {
                    stdin.write(input.getBytes(StandardCharsets.UTF_8));
                }
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not end within 2 minutes");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " in " + folder + " failed with status "
                        + process.exitValue() + ": " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0] + "; is it installed?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command[0], e);
        }
    }
}
