package dev.outrider.config;

import java.util.regex.Pattern;

/**
 * What a job's environment variable may be called: a shell name, {@code [A-Za-z_][A-Za-z0-9_]*}.
 * Names are written unquoted into the {@code export} lines the job's shell sources, so anything else
 * would be shell code; every reader of names (job files, the control plane's jobs, the agent's
 * {@code env-vars}) checks them with this.
 */
public final class EnvVarNames {

    /** The rule, as error messages state it. */
    public static final String RULE = "use letters, digits and '_', not starting with a digit";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private EnvVarNames() {
    }

    /** @return whether {@code name} can be exported as it is */
    public static boolean isValid(String name) {
        return NAME.matcher(name).matches();
    }

    /** A name that is not a shell name. */
    public static final class InvalidNameException extends IllegalArgumentException {
        public InvalidNameException(String name) {
            super(problem(name));
        }
    }

    /** @return the problem with an invalid name, for messages: {@code 'X;Y' is not a variable name; use ...} */
    public static String problem(String name) {
        return "'" + name + "' is not a variable name; " + RULE;
    }
}
