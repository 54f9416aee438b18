package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Reads fields of a linter's JSON object as Go's {@code encoding/json} fills a struct: names match
 * case-insensitively, a missing or null field is empty, a field of the wrong type spoils the object.
 */
final class JsonFields {
    private final JsonNode node;
    private boolean spoiled;

    JsonFields(JsonNode node) {
        this.node = node;
        this.spoiled = !(node == null || node.isNull() || node.isObject());
    }

    /** @return whether a field had the wrong type (Go's decoder reports an error for the object) */
    boolean spoiled() {
        return spoiled;
    }

    JsonFields object(String name) {
        JsonFields fields = new JsonFields(field(name));
        spoiled |= fields.spoiled;
        return fields;
    }

    String text(String name) {
        JsonNode value = field(name);
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            spoiled = true;
            return "";
        }
        return value.textValue();
    }

    long integer(String name) {
        JsonNode value = field(name);
        if (value == null || value.isNull()) {
            return 0;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            spoiled = true;
            return 0;
        }
        return value.longValue();
    }

    private JsonNode field(String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
