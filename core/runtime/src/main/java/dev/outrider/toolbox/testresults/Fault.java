package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A test's {@code <failure>} or {@code <error>}.
 *
 * @param message its {@code message} attribute
 * @param type    its {@code type} attribute
 * @param body    its text
 */
@JsonPropertyOrder({"message", "type", "body"})
public record Fault(@JsonProperty("message") String message, @JsonProperty("type") String type,
                    @JsonProperty("body") String body) {
    public Fault {
        message = Text.orEmpty(message);
        type = Text.orEmpty(type);
        body = Text.orEmpty(body);
    }

    Fault trimmed(Trim trim) {
        return new Fault(trim.apply(message), trim.apply(type), trim.apply(body));
    }
}
