package dev.outrider.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outrider.app.VertxStart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code outrider start}'s command line read without picocli: what it reads, picocli reads the same way; what it
 * does not read (help, version, mistakes, argument files) is left to picocli.
 */
class PlainStartArgumentsTest {

    private static final List<String> TEXT_KEYS = List.of("endpoint", "token", "name", "count", "config-file",
            "status-address", "executor");
    private static final List<String> BOOL_KEYS = List.of("no-https", "disconnect-after-job", "kubernetes-executor");
    private static final List<String> LIST_KEYS = List.of("env-vars", "files", "kubernetes-labels");

    /** Words a command line may hold: flags, values plain and odd, and what only picocli reads. */
    private static final List<String> WORDS = List.of("", "a", "x y", "A=1,B=2", "\"Q=a,b\",C=3", "'quoted'", "\"dq\"",
            "true", "false", "T", "0", "maybe", "-v", "-", "--", "@args", "@", "--nope", "-h", "--help", "-V",
            "--version", "=", "s3cr3t=", "%n", "ü");

    private static StartArguments byPicocli(List<String> args) {
        StartCommand command = new StartCommand(VertxStart.onDemand());
        new CommandLine(command.spec()).parseArgs(args.toArray(String[]::new));
        return command.parsed();
    }

    @Property(tries = 3000, seed = "20261207")
    void readsWhatItReadsAsPicocliDoes(@ForAll("commandLines") List<String> args) {
        Optional<StartArguments> plain = PlainStartArguments.read(args);

        if (plain.isPresent()) {
            assertThat(plain.get()).as("%s", args).isEqualTo(byPicocli(args));
        }
    }

    @Property(tries = 1000, seed = "20261207")
    void readsEveryPlainCommandLineWithoutPicocli(@ForAll("plainCommandLines") List<String> args) {
        Optional<StartArguments> plain = PlainStartArguments.read(args);

        assertThat(plain).as("%s", args).isPresent();
        assertThat(plain.get()).as("%s", args).isEqualTo(byPicocli(args));
    }

    @Test
    void readsTheFlagsOfATypicalStart() {
        Optional<StartArguments> plain = PlainStartArguments.read(List.of("--endpoint", "my-org.semaphoreci.com",
                "--token=s3cr3t", "--no-https", "--env-vars", "A=1,B=2", "--env-vars=C=3", "--kubernetes-executor=false",
                "--config-file", "outrider.yml"));

        assertThat(plain).contains(new StartArguments(Map.of("endpoint", "my-org.semaphoreci.com", "token", "s3cr3t",
                "no-https", "true", "env-vars", List.of("A=1", "B=2", "C=3"), "kubernetes-executor", "false"),
                Optional.of(Path.of("outrider.yml"))));
    }

    @Test
    void readsNoArgumentsAsNoFlags() {
        assertThat(PlainStartArguments.read(List.of())).contains(new StartArguments(Map.of(), Optional.empty()));
    }

    @Test
    void leavesHelpVersionAndMistakesToPicocli() {
        for (List<String> args : List.of(List.of("--help"), List.of("-h"), List.of("--version"), List.of("-V"),
                List.of("--endpoint", "e", "--nope"), List.of("--token"), List.of("--token", "a", "--token", "b"),
                List.of("--no-https", "--no-https"), List.of("--no-https=maybe"), List.of("--no-https", "true"),
                List.of("--name", "-x"), List.of("--", "--endpoint", "e"), List.of("@args"), List.of("--token", "@f"),
                List.of("extra"), List.of("--config-file", "a", "--config-file", "b"))) {
            assertThat(PlainStartArguments.read(args)).as("%s", args).isEmpty();
        }
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> flag = Arbitraries.of(allKeys()).flatMap(key -> Arbitraries.oneOf(
                Arbitraries.just("--" + key), Arbitraries.of(WORDS).map(value -> "--" + key + "=" + value)));
        return Arbitraries.oneOf(flag, flag, Arbitraries.of(WORDS)).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<String>> plainCommandLines() {
        Arbitrary<List<String>> text = Arbitraries.of(TEXT_KEYS).flatMap(key -> plainValue().flatMap(value ->
                Arbitraries.of(List.of("--" + key, value), List.of("--" + key + "=" + value))));
        Arbitrary<List<String>> bool = Arbitraries.of(BOOL_KEYS).flatMap(key -> Arbitraries.of(List.of("--" + key),
                List.of("--" + key + "=true"), List.of("--" + key + "=F"), List.of("--" + key + "=0")));
        Arbitrary<List<String>> list = Arbitraries.of(LIST_KEYS).flatMap(key -> plainValue().list().ofMaxSize(3)
                .map(values -> values.stream().flatMap(value -> List.of("--" + key, value).stream()).toList()));
        return Combinators.combine(text.list().ofMaxSize(4), bool.list().ofMaxSize(3), list.list().ofMaxSize(2))
                .as((texts, bools, lists) -> {
                    List<String> args = new ArrayList<>();
                    List<String> seen = new ArrayList<>();
                    addEachKeyOnce(texts, args, seen);
                    addEachKeyOnce(bools, args, seen);
                    lists.forEach(args::addAll);
                    return args;
                });
    }

    /** Adds the flags whose key is not in {@code seen} yet: a scalar flag is given once. */
    private static void addEachKeyOnce(List<List<String>> flags, List<String> args, List<String> seen) {
        for (List<String> flag : flags) {
            String key = flag.get(0).split("=")[0];
            if (!seen.contains(key)) {
                seen.add(key);
                args.addAll(flag);
            }
        }
    }

    private static Arbitrary<String> plainValue() {
        return Arbitraries.of("", "a", "x y", "A=1,B=2", "\"Q=a,b\",C=3", "'quoted'", "true", "ü", "a--b", "=");
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>(TEXT_KEYS);
        keys.addAll(BOOL_KEYS);
        keys.addAll(LIST_KEYS);
        keys.add("nope");
        return keys;
    }
}
