package dev.outrider.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The JSON bodies of the agent API (protocol.md §3), written and read with Jackson's streaming API:
 * flat objects of strings and numbers, every field written as Semaphore's agent writes it (Go's
 * {@code encoding/json}: all fields, in declaration order, empty strings included). Reading ignores
 * unknown fields, takes a missing or null field as empty, and accepts a number given as a string.
 * No {@code ObjectMapper}: its set-up would stay in the memory of every idle agent.
 */
final class ProtocolJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ProtocolJson() {
    }

    static byte[] encode(RegisterRequest request) {
        return write(json -> {
            json.writeStringField("name", request.name());
            json.writeStringField("version", request.version());
            json.writeNumberField("pid", request.pid());
            json.writeStringField("os", request.os());
            json.writeStringField("arch", request.arch());
            json.writeStringField("hostname", request.hostname());
            json.writeBooleanField("single_job", request.singleJob());
            json.writeNumberField("idle_timeout", request.idleTimeout());
            json.writeNumberField("interruption_grace_period", request.interruptionGracePeriod());
            json.writeStringField("job_id", request.jobId());
        });
    }

    static byte[] encode(SyncRequest request) {
        return write(json -> {
            json.writeStringField("state", request.state());
            json.writeStringField("job_id", request.jobId());
            json.writeStringField("job_result", request.jobResult());
            json.writeNumberField("interrupted_at", request.interruptedAt());
        });
    }

    static RegisterResponse registerResponse(String body) {
        Fields fields = Fields.read(body);
        return new RegisterResponse(fields.text("name"), fields.text("token"));
    }

    static SyncResponse syncResponse(String body) {
        Fields fields = Fields.read(body);
        return new SyncResponse(fields.text("action"), fields.text("job_id"), fields.text("shutdown_reason"),
                fields.number("next_sync_after"));
    }

    static TokenResponse tokenResponse(String body) {
        return new TokenResponse(Fields.read(body).text("token"));
    }

    private interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = FACTORY.createGenerator(bytes)) {
            json.writeStartObject();
            body.write(json);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // writing to memory does not fail
        }
        return bytes.toByteArray();
    }

    /** The scalar fields of one JSON object, by name; nested values are skipped. */
    private record Fields(Map<String, String> values) {

        static Fields read(String body) {
            Map<String, String> values = new HashMap<>();
            if (body == null || body.isBlank()) {
                return new Fields(values);
            }
            try (JsonParser json = FACTORY.createParser(body)) {
                JsonToken first = json.nextToken();
                if (first == JsonToken.VALUE_NULL) {
                    return new Fields(values);
                }
                if (first != JsonToken.START_OBJECT) {
                    throw new IllegalArgumentException("expected a JSON object, got " + describe(first));
                }
                while (json.nextToken() == JsonToken.FIELD_NAME) {
                    String name = json.currentName();
                    JsonToken value = json.nextToken();
                    if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
                        values.put(name, json.getText());
                    } else if (value != JsonToken.VALUE_NULL) {
                        values.put(name, null); // present but not a scalar
                        json.skipChildren();
                    }
                }
                if (json.nextToken() != null) {
                    throw new IllegalArgumentException("unexpected content after the JSON object");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage().lines().findFirst().orElse("not JSON"), e);
            }
            return new Fields(values);
        }

        String text(String name) {
            if (values.containsKey(name) && values.get(name) == null) {
                throw new IllegalArgumentException("'" + name + "' must be a string, not an object or array");
            }
            return values.getOrDefault(name, "");
        }

        long number(String name) {
            String text = text(name);
            if (text.isEmpty()) {
                return 0;
            }
            try {
                return text.contains(".") || text.contains("e") || text.contains("E")
                        ? (long) Double.parseDouble(text) : Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "' must be a number, got '" + text + "'", e);
            }
        }

        private static String describe(JsonToken token) {
            return token == null ? "nothing" : token.isScalarValue() ? "a single value" : "an array";
        }
    }
}
