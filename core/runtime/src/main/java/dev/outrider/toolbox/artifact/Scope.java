package dev.outrider.toolbox.artifact;

import java.util.Optional;

/** Whose artifacts a command acts on: a job's, a workflow's or a project's. */
enum Scope {
    JOB("job", "jobs", 'j'),
    WORKFLOW("workflow", "workflows", 'w'),
    PROJECT("project", "projects", 'p');

    private final String word;
    private final String plural;
    private final char shorthand;

    Scope(String word, String plural, char shorthand) {
        this.word = word;
        this.plural = plural;
        this.shorthand = shorthand;
    }

    /** @return the subcommand, such as {@code job} */
    String word() {
        return word;
    }

    /** @return the folder of the remote layout, such as {@code jobs} */
    String plural() {
        return plural;
    }

    /** @return the id override flag's long name, such as {@code job-id} */
    String idFlag() {
        return word + "-id";
    }

    char idShorthand() {
        return shorthand;
    }

    /** @return the variable that names the id, such as {@code SEMAPHORE_JOB_ID} */
    String variable() {
        return "SEMAPHORE_" + name() + "_ID";
    }

    /** @return the message when neither the variable nor the flag gives an id (upstream's words) */
    String missingId() {
        return word + " ID is not set. Please use the " + variable() + " environment variable or the --" + idFlag()
                + " parameter to configure it";
    }

    static Optional<Scope> of(String word) {
        for (Scope scope : values()) {
            if (scope.word.equals(word)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
