package dev.outrider.job.fuzz;

import java.util.Optional;

/**
 * A job request's body as the agent receives it, and what reading it must give.
 *
 * @param body     the body of {@code GET /jobs/{id}}
 * @param change   how it was made from a valid request, for the report of a failure
 * @param expected what the agent must make of it
 */
public record FuzzCase(String body, String change, Expected expected) {

    /** What the agent must make of a body. */
    public sealed interface Expected {
    }

    /**
     * The agent takes the job.
     *
     * @param model what each value must become, when the body is a generated request as it was
     */
    public record Accepted(Optional<JobModel> model) implements Expected {
    }

    /**
     * The agent refuses the job, naming the field.
     *
     * @param field the field's path as messages give it, e.g. {@code env_vars[2].value}
     */
    public record Rejected(String field) implements Expected {
    }

    /** The agent refuses the job as no JSON object, naming the line and column or saying it is empty. */
    public record Unreadable() implements Expected {
    }

    @Override
    public String toString() { // what jqwik reports of a failing sample; bodies can be megabytes
        String shown = body.length() > 2000 ? body.substring(0, 2000) + "… (" + body.length() + " characters)" : body;
        return change + " -> " + expected + ": " + shown;
    }
}
