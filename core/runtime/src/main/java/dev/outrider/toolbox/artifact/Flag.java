package dev.outrider.toolbox.artifact;

/**
 * A command-line flag as the CLI's flag library knows it.
 *
 * @param name      the long name
 * @param shorthand the one-letter name, or {@code 0}
 * @param bool      whether it takes no value
 * @param usage     its help text
 */
record Flag(String name, char shorthand, boolean bool, String usage) {

    static final String EXPIRE_IN_USAGE = """
            removes the files after the given amount of time.

            - Nd for N days
            - Nw for N weeks
            - Nm for N months
            - Ny for N years

            WARNING: This is an obsolete flag and has no effect.
            Set up a retention policy in your project instead.
            Docs: https://docs.semaphoreci.com/essentials/artifacts/#artifact-retention-policies.
            """;

    static final Flag CONFIG = new Flag("config", (char) 0, false, "config file (default is $HOME/.artifact.yaml)");
    static final Flag VERBOSE = new Flag("verbose", 'v', true, "verbose logging");
    static final Flag DESTINATION = new Flag("destination", 'd', false, "rename the file while uploading");
    static final Flag FORCE = new Flag("force", 'f', true, "force overwrite");
    static final Flag EXPIRE_IN = new Flag("expire-in", 'e', false, EXPIRE_IN_USAGE);

    static Flag help(String command) {
        return new Flag("help", 'h', true, "help for " + command);
    }

    static Flag id(Scope scope) {
        return new Flag(scope.idFlag(), scope.idShorthand(), false, "set explicit " + scope.word() + " id");
    }
}
