package dev.outrider.toolbox.testresults;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Parses arguments the way cobra/pflag do: {@code --flag value}, {@code --flag=value}, {@code -x value},
 * {@code -xvalue}, grouped one-letter booleans, flags among positional arguments, {@code --} ends flags.
 */
final class FlagSet {

    /** What the arguments said. */
    record Parsed(Map<String, String> values, List<String> positional, boolean help) {
        String string(String name) {
            return values.get(name);
        }

        boolean bool(String name) {
            return Boolean.parseBoolean(values.get(name));
        }

        int integer(String name) {
            long value = Long.parseLong(values.get(name));
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        }
    }

    private final List<Flag> flags;

    FlagSet(List<Flag> flags) {
        this.flags = List.copyOf(flags);
    }

    List<Flag> flags() {
        return flags;
    }

    /** @throws IllegalArgumentException with pflag's message for an unknown flag, a missing or a bad value */
    Parsed parse(List<String> args) {
        Map<String, String> values = new HashMap<>();
        flags.forEach(flag -> values.put(flag.name(), flag.checked(flag.defaultValue())));
        List<String> positional = new ArrayList<>();
        boolean help = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.length() < 2 || arg.charAt(0) != '-') {
                positional.add(arg);
            } else if (arg.equals("--")) {
                positional.addAll(args.subList(i + 1, args.size()));
                break;
            } else if (arg.startsWith("--")) {
                String body = arg.substring(2);
                int equals = body.indexOf('=');
                String name = equals < 0 ? body : body.substring(0, equals);
                if (name.isEmpty() || name.startsWith("-") || name.startsWith("=")) {
                    throw new IllegalArgumentException("bad flag syntax: " + arg);
                }
                Optional<Flag> flag = byName(name);
                if (flag.isEmpty()) {
                    if (name.equals("help")) {
                        help = true;
                        continue;
                    }
                    throw new IllegalArgumentException("unknown flag: --" + name);
                }
                String value;
                if (equals >= 0) {
                    value = body.substring(equals + 1);
                } else if (flag.get().isBool()) {
                    value = "true";
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new IllegalArgumentException("flag needs an argument: --" + name);
                }
                values.put(name, flag.get().checked(value));
            } else {
                String shorts = arg.substring(1);
                while (!shorts.isEmpty()) {
                    String letter = shorts.substring(0, 1);
                    String rest = shorts.substring(1);
                    Optional<Flag> flag = byShorthand(letter);
                    if (flag.isEmpty()) {
                        if (letter.equals("h")) {
                            help = true;
                            shorts = rest;
                            continue;
                        }
                        throw new IllegalArgumentException("unknown shorthand flag: '" + letter + "' in -" + shorts);
                    }
                    String value;
                    if (rest.startsWith("=")) {
                        value = rest.substring(1);
                        rest = "";
                    } else if (flag.get().isBool()) {
                        value = "true";
                    } else if (!rest.isEmpty()) {
                        value = rest;
                        rest = "";
                    } else if (i + 1 < args.size()) {
                        value = args.get(++i);
                    } else {
                        throw new IllegalArgumentException("flag needs an argument: '" + letter + "' in -" + shorts);
                    }
                    values.put(flag.get().name(), flag.get().checked(value));
                    shorts = rest;
                }
            }
        }
        return new Parsed(values, positional, help);
    }

    /** @return whether a flag is known and takes a value (cobra skips that value when finding the subcommand) */
    boolean takesValue(String arg) {
        if (arg.startsWith("--") && !arg.contains("=")) {
            return byName(arg.substring(2)).map(flag -> !flag.isBool()).orElse(false);
        }
        if (arg.startsWith("-") && !arg.startsWith("--") && arg.length() == 2) {
            return byShorthand(arg.substring(1)).map(flag -> !flag.isBool()).orElse(false);
        }
        return false;
    }

    /**
     * @return the flags' help lines as pflag prints them: sorted by name, the texts aligned
     */
    static String usages(List<Flag> flags) {
        List<Flag> sorted = new ArrayList<>(flags);
        sorted.sort(Comparator.comparing(Flag::name));
        List<String[]> lines = new ArrayList<>();
        int longest = 0;
        for (Flag flag : sorted) {
            String line = flag.shorthand().isEmpty() ? "      --" + flag.name() : "  -" + flag.shorthand() + ", --" + flag.name();
            if (!flag.isBool()) {
                line += " " + flag.type();
            }
            longest = Math.max(longest, line.length() + 1);
            String usage = flag.usage();
            if (flag.type().equals("string") && !flag.defaultValue().isEmpty()) {
                usage += " (default \"" + flag.defaultValue() + "\")";
            } else if (flag.type().equals("int") && !flag.defaultValue().equals("0")) {
                usage += " (default " + flag.defaultValue() + ")";
            }
            lines.add(new String[] {line, usage});
        }
        StringBuilder text = new StringBuilder();
        for (String[] line : lines) {
            text.append(line[0]).append(' ').append(" ".repeat(longest - line[0].length())).append(' ')
                    .append(line[1]).append('\n');
        }
        return text.toString();
    }

    private Optional<Flag> byName(String name) {
        return flags.stream().filter(flag -> flag.name().equals(name)).findFirst();
    }

    private Optional<Flag> byShorthand(String letter) {
        return flags.stream().filter(flag -> flag.shorthand().equals(letter)).findFirst();
    }
}
