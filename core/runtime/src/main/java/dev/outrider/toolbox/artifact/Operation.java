package dev.outrider.toolbox.artifact;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The command's verbs, with their help texts as Semaphore's CLI has them. */
enum Operation {
    PUSH("push", "Stores a file or directory in the storage for later use", """
            You may store project, workflow or job related files, that you can use
            while the rest of the semaphore process, or after it.""", "[SOURCE PATH]"),
    PULL("pull", "Downloads a file or directory from the storage you pushed earlier", """
            You may store files project, workflow or job related files with
            artifact push. With artifact pull you can download them to the current directory
            to use them in a later phase, debug, or getting the results.""", "[SOURCE PATH]"),
    YANK("yank", "Deletes a file or directory from the storage you pushed earlier", """
            You may store files project, workflow or job related files with
            artifact push. With artifact yank you can delete them if you
            don't need them any more.""", "[PATH]");

    private final String word;
    private final String shortHelp;
    private final String longHelp;
    private final String argument;

    Operation(String word, String shortHelp, String longHelp, String argument) {
        this.word = word;
        this.shortHelp = shortHelp;
        this.longHelp = longHelp;
        this.argument = argument;
    }

    String word() {
        return word;
    }

    String shortHelp() {
        return shortHelp;
    }

    String longHelp() {
        return longHelp;
    }

    String argument() {
        return argument;
    }

    /** @return the one-line description of a scope's subcommand (upstream's, wording slips included) */
    String scopeHelp(Scope scope) {
        return switch (this) {
            case PUSH -> switch (scope) {
                case JOB -> "Uploads a job file or directory to the storage.";
                case WORKFLOW -> "Uploads a workflow or directory file to the storage.";
                case PROJECT -> "Upload a project file or directory to the storage.";
            };
            case PULL -> "Downloads a " + scope.word() + " file or directory from the storage.";
            case YANK -> "Deletes a " + scope.word() + " file or directory from the storage.";
        };
    }

    /** @return the local flags of a scope's subcommand, without help */
    List<Flag> flags(Scope scope) {
        List<Flag> flags = new ArrayList<>();
        if (this != YANK) {
            flags.add(Flag.DESTINATION);
            flags.add(Flag.FORCE);
        }
        if (this == PUSH) {
            flags.add(Flag.EXPIRE_IN);
        }
        flags.add(Flag.id(scope));
        return flags;
    }

    static Optional<Operation> of(String word) {
        if (word.equals("delete")) {
            return Optional.of(YANK);
        }
        for (Operation operation : values()) {
            if (operation.word.equals(word)) {
                return Optional.of(operation);
            }
        }
        return Optional.empty();
    }
}
