package dev.outrider.job.fuzz;

import dev.outrider.job.fuzz.JobModel.Container;
import dev.outrider.job.fuzz.JobModel.FileSpec;
import dev.outrider.job.fuzz.JobModel.Step;
import dev.outrider.job.fuzz.JobModel.Variable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of job requests that read as valid ({@link JobModel}), in two flavours: whatever the control
 * plane may send ({@link #anyValid()}), and shell jobs that run here and leave every value they were given
 * in their log ({@link #runnable(Path)}). Both include values that only fail when the job runs: base64
 * that does not decode, modes that are not octal.
 */
public final class JobModels {

    private JobModels() {
    }

    /**
     * @return requests with any text (control characters, lone surrogates), names
     *         the shell refuses, containers, and base64 and modes that do not decode
     */
    public static Arbitrary<JobModel> anyValid() {
        Arbitrary<String> text = Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.strings().all().ofMaxLength(24)),
                Tuple.of(1, printable()));
        Arbitrary<String> names = Arbitraries.frequencyOf(
                Tuple.of(8, shellNames("")),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)));
        Arbitrary<byte[]> bytes = bytes(64);
        Arbitrary<Step> step = Arbitraries.oneOf(printStep(text), text.map(directive -> new Step(directive, "", "", 0)));
        Arbitrary<Variable> variable = variable(names, bytes);
        Arbitrary<FileSpec> file = Combinators.combine(text, bytes, encodings(), modes())
                .as((path, content, encoding, mode) -> fileSpec(path, content, encoding, mode));
        Arbitrary<Container> container = Combinators.combine(text, text, variable.list().ofMaxSize(3))
                .as(Container::new);
        return Combinators.combine(
                        Combinators.combine(text, Arbitraries.of("", "shell", "dockercompose"), steps(step, 5),
                                steps(step, 3), steps(step, 3), steps(step, 3)).as(Steps::new),
                        variable.list().ofMaxSize(6), file.list().ofMaxSize(4), container.list().ofMaxSize(3),
                        text.list().ofMaxSize(2), text, text, Arbitraries.longs())
                .as((steps, vars, files, containers, keys, url, token, maxSize) -> new JobModel(steps.jobId(),
                        steps.executor(), steps.commands(), steps.always(), steps.onPass(), steps.onFail(), vars, files,
                        containers, keys, "https://" + url, token, maxSize));
    }

    /**
     * @param root an absolute folder the jobs may write their files in
     * @return shell jobs whose commands print printable text (quotes, {@code $}, backslashes, accents,
     *         CJK and emoji among it) and exit with a code of their own; the first commands print the hash
     *         of each variable's value and of each file's content and the file's mode, so that the log shows
     *         whether every value arrived; one job in ten has a value or mode that cannot be set up
     */
    public static Arbitrary<JobModel> runnable(Path root) {
        Arbitrary<String> text = printable();
        Arbitrary<Step> step = printStep(text);
        Arbitrary<Boolean> setUpFails = Arbitraries.integers().between(1, 10).map(n -> n == 1);
        Arbitrary<Variable> variable = variable(shellNames("FUZZ_"), bytes(200).map(JobModels::withoutNul));
        Arbitrary<FileSpec> file = Combinators.combine(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12),
                        bytes(4096), runnableModes())
                .as((name, content, mode) -> fileSpec(root.resolve(name).toString(), content, Encoding.STANDARD, mode));
        return Combinators.combine(
                        Combinators.combine(Arbitraries.strings().alpha().ofLength(8), Arbitraries.of("", "shell"),
                                steps(step, 4), steps(step, 3), steps(step, 2), steps(step, 2)).as(Steps::new),
                        variable.list().ofMaxSize(4).uniqueElements(Variable::name),
                        file.list().ofMaxSize(3).uniqueElements(FileSpec::path), setUpFails,
                        Arbitraries.integers().between(0, 1))
                .as((steps, vars, files, broken, which) -> {
                    List<Variable> variables = new ArrayList<>(vars);
                    List<FileSpec> fileSpecs = new ArrayList<>(files);
                    if (broken) {
                        breakOne(variables, fileSpecs, which);
                    }
                    List<Step> commands = new ArrayList<>();
                    variables.forEach(v -> commands.add(new Step("printf '%s' \"$" + v.name() + "\" | sha256sum | cut -d' ' -f1",
                            "", sha256(v.value()) + "\n", 0)));
                    fileSpecs.forEach(f -> commands.add(new Step("stat -c '%a' " + quoted(f.path()) + "; sha256sum < "
                            + quoted(f.path()) + " | cut -d' ' -f1", "",
                            Long.toOctalString(f.modeBits() & 0777) + "\n" + sha256(f.content()) + "\n", 0)));
                    commands.addAll(steps.commands());
                    return new JobModel("fuzz-" + steps.jobId(), steps.executor(), commands, steps.always(),
                            steps.onPass(), steps.onFail(), variables, fileSpecs, List.of(), List.of(), "", "", 0);
                });
    }

    private record Steps(String jobId, String executor, List<Step> commands, List<Step> always, List<Step> onPass,
                         List<Step> onFail) {
    }

    /** How a value is written as base64. */
    enum Encoding {
        STANDARD, LINES, CRLF_LINES, ILLEGAL_CHARACTER, UNPADDED_END
    }

    private static void breakOne(List<Variable> variables, List<FileSpec> files, int which) {
        if (which == 0 && !variables.isEmpty()) {
            Variable v = variables.get(0);
            variables.set(0, new Variable(v.name(), v.value(), "%" + v.encoded(), false));
        } else if (!files.isEmpty()) {
            FileSpec f = files.get(0);
            files.set(0, which == 0 ? new FileSpec(f.path(), f.content(), f.encoded() + "*", false, f.mode(), f.modeBits())
                    : new FileSpec(f.path(), f.content(), f.encoded(), true, "u+rw", -1));
        }
    }

    private static Arbitrary<List<Step>> steps(Arbitrary<Step> step, int max) {
        return step.list().ofMaxSize(max);
    }

    /** A command that prints a text and exits, mostly with 0, sometimes with a code of 1 to 125. */
    private static Arbitrary<Step> printStep(Arbitrary<String> text) {
        Arbitrary<Integer> exit = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 125)));
        Arbitrary<String> alias = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just("")), Tuple.of(1, text));
        return Combinators.combine(text, text, Arbitraries.of(false, true), exit, alias).as((first, second, twoLines, code, name) -> {
            String directive = "printf '%s\\n' " + quoted(first);
            String output = first + "\n";
            if (twoLines) {
                directive += "\nprintf '%s\\n' " + quoted(second);
                output += second + "\n";
            }
            if (code != 0) {
                directive += "; (exit " + code + ")";
            }
            return new Step(directive, name, output, code);
        });
    }

    private static Arbitrary<Variable> variable(Arbitrary<String> names, Arbitrary<byte[]> values) {
        return Combinators.combine(names, values, encodings()).as((name, value, encoding) -> {
            String encoded = encode(value, encoding);
            return new Variable(name, value, encoded, decodes(encoding, value));
        });
    }

    private static FileSpec fileSpec(String path, byte[] content, Encoding encoding, Mode mode) {
        return new FileSpec(path, content, encode(content, encoding), decodes(encoding, content), mode.text(), mode.bits());
    }

    private static Arbitrary<Encoding> encodings() {
        return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(Encoding.STANDARD)),
                Tuple.of(1, Arbitraries.of(Encoding.values())));
    }

    private static boolean decodes(Encoding encoding, byte[] value) {
        return switch (encoding) {
            case STANDARD, LINES, CRLF_LINES -> true;
            case ILLEGAL_CHARACTER -> false;
            case UNPADDED_END -> value.length == 0; // nothing to take the end off
        };
    }

    private static String encode(byte[] value, Encoding encoding) {
        String standard = Base64.getEncoder().encodeToString(value);
        return switch (encoding) {
            case STANDARD -> standard;
            case LINES -> Base64.getMimeEncoder(8, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(value);
            case CRLF_LINES -> Base64.getMimeEncoder().encodeToString(value);
            case ILLEGAL_CHARACTER -> {
                int at = value.length % (standard.length() + 1);
                yield standard.substring(0, at) + "*-_ é".charAt(value.length % 5) + standard.substring(at);
            }
            case UNPADDED_END -> standard.isEmpty() ? "" : standard.substring(0, standard.length() - 1 - value.length % 3);
        };
    }

    /** A mode as sent, and its value (-1: not an octal number of 32 bits). */
    record Mode(String text, long bits) {
    }

    private static Arbitrary<Mode> modes() {
        Arbitrary<Mode> octal = Combinators.combine(Arbitraries.longs().between(0, 0xFFFF_FFFFL),
                        Arbitraries.integers().between(0, 3))
                .as((bits, zeros) -> new Mode("0".repeat(zeros) + Long.toOctalString(bits), bits));
        Arbitrary<Mode> broken = Arbitraries.of("", "+x", "u+rw", "0648", "9", "0o644", " 644", "644 ", "-1",
                        "40000000000", "0x1ff", "٦٤٤")
                .map(text -> new Mode(text, -1));
        return Arbitraries.frequencyOf(Tuple.of(2, runnableModes()), Tuple.of(2, octal), Tuple.of(1, broken));
    }

    /** Modes of files the agent's user can read back: 0400 and more, up to 0777, with or without a leading 0. */
    private static Arbitrary<Mode> runnableModes() {
        return Combinators.combine(Arbitraries.integers().between(0, 0377), Arbitraries.of("", "0"))
                .as((bits, zero) -> new Mode(zero + Integer.toOctalString(0400 | bits), 0400 | bits));
    }

    private static Arbitrary<String> shellNames(String prefix) {
        return Combinators.combine(Arbitraries.strings().withCharRange('A', 'Z').withChars('_').ofMinLength(1).ofMaxLength(6),
                        Arbitraries.strings().withCharRange('A', 'Z').withCharRange('a', 'z').numeric().withChars('_').ofMaxLength(8))
                .as((start, rest) -> prefix + start + rest);
    }

    /** Text a terminal shows as it is: printable ASCII (quotes, $, backslashes), accents, Greek, CJK, emoji. */
    static Arbitrary<String> printable() {
        Arbitrary<String> chars = Arbitraries.strings().withCharRange(' ', '~').withCharRange('À', 'ÿ')
                .withCharRange('α', 'ω').withCharRange('一', '龥').ofMaxLength(30);
        return Combinators.combine(chars, Arbitraries.of("", "", "", "😀", " 🚀𝄞")).as(String::concat);
    }

    private static Arbitrary<byte[]> bytes(int max) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, printable().map(s -> s.getBytes(StandardCharsets.UTF_8))),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(max)));
    }

    private static byte[] withoutNul(byte[] value) { // a shell variable cannot hold NUL
        byte[] copy = value.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == 0) {
                copy[i] = 'N';
            }
        }
        return copy;
    }

    /** @return the text in single quotes for bash */
    public static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    /** @return the hex SHA-256 of the bytes */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
