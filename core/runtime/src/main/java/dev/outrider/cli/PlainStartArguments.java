package dev.outrider.cli;

import dev.outrider.cli.StartFlags.Kind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads {@code outrider start}'s arguments without picocli when they are plain: every argument a known flag,
 * {@code --key VALUE}, {@code --key=VALUE} or a boolean alone, each scalar flag at most once, no value that starts
 * with {@code -} or {@code @}. Anything else (help, version, a mistake, an argument file, {@code --}) is left to
 * picocli, which reads it as it always has and prints the help or the error. Picocli's classes and its model of the
 * 30 flags cost the agent's start-up ~40 ms of CPU, and an agent is nearly always started with plain flags.
 *
 * <p>What this reads, picocli reads the same way: {@code PlainStartArgumentsTest} checks it against picocli on
 * generated command lines.
 */
final class PlainStartArguments {

    private PlainStartArguments() {
    }

    /**
     * @param args the arguments after {@code start}
     * @return what they give; empty when picocli has to read them
     */
    static Optional<StartArguments> read(List<String> args) {
        Map<String, Object> parsed = new HashMap<>();
        Path configFile = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                return Optional.empty();
            }
            int equals = arg.indexOf('=');
            String key = arg.substring(2, equals < 0 ? arg.length() : equals);
            String value = equals < 0 ? null : arg.substring(equals + 1);
            boolean isConfigFile = key.equals(StartArguments.CONFIG_FILE);
            Optional<Kind> kind = isConfigFile ? Optional.of(Kind.TEXT) : StartFlags.kindOf(key);
            if (kind.isEmpty()) {
                return Optional.empty();
            }
            if (kind.get() == Kind.BOOL) {
                // (alone, it is followed by another flag or nothing: any other word ends the reading at the next turn)
                Optional<Boolean> flag = value == null ? Optional.of(true) : StartFlags.goBoolean(value);
                if (flag.isEmpty() || parsed.putIfAbsent(key, flag.get()) != null) {
                    return Optional.empty();
                }
                continue;
            }
            if (value == null && i + 1 < args.size()) {
                value = args.get(++i);
            }
            if (value == null || !plainValue(value)) {
                return Optional.empty();
            }
            if (kind.get() == Kind.LIST) {
                @SuppressWarnings("unchecked")
                List<String> occurrences = (List<String>) parsed.computeIfAbsent(key, k -> new ArrayList<String>());
                occurrences.add(value);
            } else if (isConfigFile) {
                if (configFile != null || value.indexOf('\0') >= 0) {
                    return Optional.empty();
                }
                configFile = Path.of(value);
            } else if (parsed.putIfAbsent(key, value) != null) {
                return Optional.empty();
            }
        }
        return Optional.of(new StartArguments(StartFlags.given(parsed::get), Optional.ofNullable(configFile)));
    }

    /**
     * @return whether picocli takes this as a flag's value, after {@code =} or as the next argument, whatever flags
     *         there are (it refuses a flag's name, {@code --}, and reads {@code @FILE} arguments as files of arguments)
     */
    private static boolean plainValue(String arg) {
        return !arg.startsWith("-") && !arg.startsWith("@");
    }
}
