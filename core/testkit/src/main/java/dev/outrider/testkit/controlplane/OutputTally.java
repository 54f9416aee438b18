package dev.outrider.testkit.controlplane;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Checks a streamed job log without keeping it: per job, the count and SHA-256 of the {@code cmd_output} bytes of
 * the commands whose directive matches, and when the first of those outputs and the last line came. A fake that
 * streams to it hands it the lines as bytes, and the output of the many {@code cmd_output} lines goes from the
 * request's bytes into the digest without being decoded to text.
 */
public final class OutputTally implements LogLineListener {

    /**
     * What a job's log held so far.
     *
     * @param lines        every line stored
     * @param outputEvents the {@code cmd_output} events of matching commands
     * @param outputBytes  their output's bytes (UTF-8)
     * @param sha256       the SHA-256 of those bytes, in hex
     * @param firstOutput  when the first of those events was stored ({@code null} before)
     * @param lastLine     when the last line was stored ({@code null} before)
     */
    public record Tally(long lines, long outputEvents, long outputBytes, String sha256, Instant firstOutput,
                        Instant lastLine) {
    }

    private static final String OUTPUT_START = "{\"event\":\"cmd_output\",\"timestamp\":";
    private static final String OUTPUT_FIELD = ",\"output\":\"";

    private static final byte[] OUTPUT_START_BYTES = OUTPUT_START.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] OUTPUT_FIELD_BYTES = OUTPUT_FIELD.getBytes(StandardCharsets.US_ASCII);
    private static final int EXCERPT_BYTES = 200;

    private final Predicate<String> directives;
    private final Map<String, JobTally> jobs = new HashMap<>();
    private char[] chars = new char[4096];
    private byte[] bytes = new byte[4096];

    /** @param directives which commands' output to tally, by directive */
    public OutputTally(Predicate<String> directives) {
        this.directives = Objects.requireNonNull(directives, "directives");
    }

    @Override
    public synchronized void stored(String jobId, long offset, String line) {
        JobTally job = jobs.computeIfAbsent(jobId, id -> new JobTally());
        job.lines++;
        job.lastLine = Instant.now();
        if (line.startsWith(OUTPUT_START) && line.endsWith("\"}")) {
            int field = line.indexOf(OUTPUT_FIELD, OUTPUT_START.length());
            if (field > 0 && job.inside) {
                int from = field + OUTPUT_FIELD.length();
                int to = line.length() - 2;
                if (chars.length < to - from) {
                    chars = new char[Math.max(to - from, chars.length * 2)];
                }
                tallyOutput(job, new String(chars, 0, unescape(line, from, to, chars)));
            }
            return;
        }
        JsonObject event = new JsonObject(line);
        switch (event.getString("event")) {
            case "cmd_started" -> job.inside = directives.test(event.getString("directive"));
            case "cmd_finished" -> job.inside = false;
            case "cmd_output" -> {
                if (job.inside) {
                    tallyOutput(job, event.getString("output"));
                }
            }
            default -> {
            }
        }
    }

    /**
     * The same as {@link #stored(String, long, String)} on the line's bytes: a {@code cmd_output} line of the form
     * the agent writes, {@code {"event":"cmd_output","timestamp":<digits>,"output":"…"}}, is decoded from the
     * bytes straight into the digest; other lines are decoded and take the {@code String} way.
     *
     * @throws IllegalArgumentException if the output of such a line of a matching command is not a JSON string
     */
    @Override
    public synchronized void stored(String jobId, long offset, byte[] body, int from, int to) {
        int text = outputText(body, from, to);
        if (text < 0) {
            stored(jobId, offset, new String(body, from, to - from, StandardCharsets.UTF_8));
            return;
        }
        JobTally job = jobs.computeIfAbsent(jobId, id -> new JobTally());
        job.lines++;
        job.lastLine = Instant.now();
        if (!job.inside) {
            return;
        }
        int end = to - 2;
        if (bytes.length < end - text) {
            bytes = new byte[Math.max(end - text, bytes.length * 2)];
        }
        int length;
        try {
            length = JsonStringBytes.unescape(body, text, end, bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("job '" + jobId + "', log line " + offset + ": the output of a "
                    + "cmd_output event is not a valid JSON string: " + e.getMessage() + "; the line starts "
                    + new String(body, from, Math.min(to - from, EXCERPT_BYTES), StandardCharsets.UTF_8), e);
        }
        tallyOutput(job, bytes, length);
    }

    /**
     * @return where the escaped output of a line {@code {"event":"cmd_output","timestamp":<digits>,"output":"…"}}
     *         starts in {@code line[from, to)}, or -1 for any other line
     */
    private static int outputText(byte[] line, int from, int to) {
        int i = from + OUTPUT_START_BYTES.length;
        if (to - i < 1 + OUTPUT_FIELD_BYTES.length + 2 || line[to - 2] != '"' || line[to - 1] != '}'
                || !Arrays.equals(line, from, i, OUTPUT_START_BYTES, 0, OUTPUT_START_BYTES.length)) {
            return -1;
        }
        int digits = i;
        while (i < to && line[i] >= '0' && line[i] <= '9') {
            i++;
        }
        int text = i + OUTPUT_FIELD_BYTES.length;
        return i > digits && text <= to - 2
                && Arrays.equals(line, i, text, OUTPUT_FIELD_BYTES, 0, OUTPUT_FIELD_BYTES.length) ? text : -1;
    }

    private static void tallyOutput(JobTally job, String text) {
        byte[] output = text.getBytes(StandardCharsets.UTF_8);
        tallyOutput(job, output, output.length);
    }

    private static void tallyOutput(JobTally job, byte[] output, int length) {
        job.digest.update(output, 0, length);
        job.outputBytes += length;
        job.outputEvents++;
        if (job.firstOutput == null) {
            job.firstOutput = job.lastLine;
        }
    }

    /**
     * Decodes the body of a JSON string literal, strictly (a raw quote or control character, or an unknown escape,
     * is an error): the quick way for the many {@code cmd_output} lines of a big log.
     */
    static String unescape(String json, int from, int to) {
        char[] chars = new char[to - from];
        return new String(chars, 0, unescape(json, from, to, chars));
    }

    /** Decodes {@code json[from, to)} into {@code chars} (at least as long). @return how many characters */
    private static int unescape(String json, int from, int to, char[] chars) {
        int length = to - from;
        json.getChars(from, to, chars, 0);
        int written = 0;
        for (int i = 0; i < length; i++) {
            char c = chars[i];
            if (c == '"' || c < 0x20) {
                throw new IllegalArgumentException("not a valid JSON string at " + (from + i) + ": " + json);
            }
            if (c != '\\') {
                chars[written++] = c;
                continue;
            }
            if (++i >= length) {
                throw new IllegalArgumentException("a string ends inside an escape: " + json);
            }
            chars[written++] = switch (chars[i]) {
                case '"' -> '"';
                case '\\' -> '\\';
                case '/' -> '/';
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                case 'b' -> '\b';
                case 'f' -> '\f';
                case 'u' -> {
                    if (i + 4 >= length) {
                        throw new IllegalArgumentException("a string ends inside an escape: " + json);
                    }
                    char decoded = (char) Integer.parseInt(json, from + i + 1, from + i + 5, 16);
                    i += 4;
                    yield decoded;
                }
                default -> throw new IllegalArgumentException("unknown escape at " + (from + i) + ": " + json);
            };
        }
        return written;
    }

    /** @return what the job's log held so far (all zero before its first line) */
    public synchronized Tally of(String jobId) {
        JobTally job = jobs.computeIfAbsent(jobId, id -> new JobTally());
        MessageDigest copy;
        try {
            copy = (MessageDigest) job.digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests of this JDK cannot be copied", e);
        }
        return new Tally(job.lines, job.outputEvents, job.outputBytes, HexFormat.of().formatHex(copy.digest()),
                job.firstOutput, job.lastLine);
    }

    private static final class JobTally {
        final MessageDigest digest = sha256();
        long lines;
        long outputEvents;
        long outputBytes;
        boolean inside;
        Instant firstOutput;
        Instant lastLine;
    }

    /** @return a new SHA-256 digest */
    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
