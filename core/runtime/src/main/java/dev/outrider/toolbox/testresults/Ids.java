package dev.outrider.toolbox.testresults;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The deterministic ids of results, suites and tests: name-based UUIDs (version 3, MD5). */
final class Ids {
    static final UUID NIL = new UUID(0, 0);

    private Ids() {
    }

    /** @return the version 3 UUID of a name in a namespace, as text */
    static String v3(UUID namespace, String name) {
        byte[] text = name.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(16 + text.length);
        bytes.putLong(namespace.getMostSignificantBits()).putLong(namespace.getLeastSignificantBits()).put(text);
        return UUID.nameUUIDFromBytes(bytes.array()).toString();
    }

    /** @return the UUID an id names, or the nil UUID when it is not one */
    static UUID parse(String id) {
        if (id.length() != 36) {
            return NIL;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notUuid) {
            return NIL;
        }
    }
}
