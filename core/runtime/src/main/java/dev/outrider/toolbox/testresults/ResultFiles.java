package dev.outrider.toolbox.testresults;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Results documents as files: written as Go's {@code encoding/json} writes them (same field order,
 * same escapes, no line break at the end), gzip-compressed unless asked not to; read back gzip or plain.
 */
final class ResultFiles {

    private static final ObjectMapper JSON = JsonMapper.builder(new JsonFactory().setCharacterEscapes(new GoEscapes()))
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ResultFiles() {
    }

    /** Writes a value (a {@link Result} or a {@link Summary}) as JSON to an agent-side file. */
    static void write(Object value, Path file, boolean compress) throws IOException {
        try (OutputStream out = compress ? new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(file)), 1 << 16)
                : new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            JSON.writeValue(out, value);
        }
    }

    /** @return a value as the JSON Go's {@code encoding/json} writes */
    static byte[] json(Object value) throws IOException {
        return JSON.writeValueAsBytes(value);
    }

    /** Reads a results document, gzip-compressed or not. */
    static Result read(InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int first = buffered.read();
        int second = buffered.read();
        buffered.reset();
        InputStream plain = first == 0x1f && second == 0x8b ? new GZIPInputStream(buffered, 1 << 16) : buffered;
        return JSON.readValue(plain, Result.class);
    }

    /** Go's escapes: {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \}u, other controls in lower-case hex. */
    private static final class GoEscapes extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        GoEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t' && c != '\b' && c != '\f') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
