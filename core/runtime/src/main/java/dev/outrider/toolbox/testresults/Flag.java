package dev.outrider.toolbox.testresults;

/**
 * A command-line flag, as Go's pflag declares it.
 *
 * @param name         the long name, without {@code --}
 * @param shorthand    the one-letter name, or {@code ""}
 * @param type         {@code bool}, {@code string} or {@code int}
 * @param defaultValue the value when not given
 * @param usage        the help text
 */
record Flag(String name, String shorthand, String type, String defaultValue, String usage) {

    static Flag bool(String name, String shorthand, String usage) {
        return new Flag(name, shorthand, "bool", "false", usage);
    }

    static Flag string(String name, String shorthand, String defaultValue, String usage) {
        return new Flag(name, shorthand, "string", defaultValue, usage);
    }

    static Flag integer(String name, String shorthand, int defaultValue, String usage) {
        return new Flag(name, shorthand, "int", Integer.toString(defaultValue), usage);
    }

    boolean isBool() {
        return type.equals("bool");
    }

    /** @return how error messages name it: {@code -s, --trim-output-to} or {@code --name} */
    String label() {
        return shorthand.isEmpty() ? "--" + name : "-" + shorthand + ", --" + name;
    }

    /**
     * @return the value in its canonical text
     * @throws IllegalArgumentException with pflag's message when it is not of the flag's type
     */
    String checked(String value) {
        switch (type) {
            case "bool" -> {
                return switch (value) {
                    case "1", "t", "T", "TRUE", "true", "True" -> "true";
                    case "0", "f", "F", "FALSE", "false", "False" -> "false";
                    default -> throw invalid(value, "strconv.ParseBool: parsing " + quoted(value) + ": invalid syntax");
                };
            }
            case "int" -> {
                try {
                    if (value.startsWith("#") || value.startsWith("-#") || value.startsWith("+#")) {
                        throw new NumberFormatException(value);
                    }
                    return Long.toString(Long.decode(value));
                } catch (NumberFormatException e) {
                    throw invalid(value, "strconv.ParseInt: parsing " + quoted(value) + ": invalid syntax");
                }
            }
            default -> {
                return value;
            }
        }
    }

    private IllegalArgumentException invalid(String value, String why) {
        return new IllegalArgumentException("invalid argument " + quoted(value) + " for " + quoted(label()) + " flag: " + why);
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
