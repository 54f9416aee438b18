package dev.outrider.testkit.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonStringBytesTest {

    /** @return the text of a JSON string's body, decoded from its UTF-8 bytes */
    private static byte[] unescape(String escaped) {
        byte[] json = escaped.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[json.length];
        int length = JsonStringBytes.unescape(json, 0, json.length, out);
        return java.util.Arrays.copyOf(out, length);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void decodesEveryJsonEscape() {
        assertThat(unescape("x\\/y\\\"z\\\\ \\b\\f\\n\\r\\t")).isEqualTo(utf8("x/y\"z\\ \b\f\n\r\t"));
    }

    @Test
    void decodesOnlyTheGivenRangeOfTheArray() {
        byte[] json = utf8("\"a\\nb\"}");
        byte[] out = new byte[json.length];
        assertThat(JsonStringBytes.unescape(json, 1, 5, out)).isEqualTo(3);
        assertThat(java.util.Arrays.copyOf(out, 3)).isEqualTo(utf8("a\nb"));
    }

    @Test
    void writesUnicodeEscapesAsUtf8() {
        assertThat(unescape("\\u0041\\u0000\\u00e9\\u20AC\\uffff")).isEqualTo(utf8("A\u0000é€\uffff"));
    }

    @Test
    void combinesAnEscapedSurrogatePairIntoOneFourByteSequence() {
        assertThat(unescape("\\ud83d\\ude00!")).containsExactly(0xf0 - 256, 0x9f - 256, 0x98 - 256, 0x80 - 256, '!');
    }

    @Test
    void writesASurrogateWithoutItsPartnerAsAQuestionMarkLikeJavasEncoder() {
        for (String escaped : new String[] {"\\ud83d", "\\ude00", "a\\ud83dA", "\\ud83d\\u0041", "\\ude00\\ud83d",
                "\\ud83d\\ud83d\\ude00"}) {
            String text = new io.vertx.core.json.JsonObject("{\"s\":\"" + escaped + "\"}").getString("s");
            assertThat(unescape(escaped)).as(escaped).isEqualTo(utf8(text));
        }
    }

    @Test
    void passesNonAsciiUtf8Through() {
        assertThat(unescape("grüße € 😀 \\n")).isEqualTo(utf8("grüße € 😀 \n"));
    }

    @Test
    void givesTheBytesJavaWouldForAnyStringJacksonEscapes() {
        Random random = new Random(7);
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i > 0; i--) {
                text.append(switch (random.nextInt(6)) {
                    case 0 -> (char) random.nextInt(0x20);
                    case 1 -> "\"\\/".charAt(random.nextInt(3));
                    case 2 -> (char) (0x80 + random.nextInt(0x780));
                    case 3 -> (char) (0xd800 + random.nextInt(0x800)); // surrogates, paired or not
                    case 4 -> Character.toString(0x10000 + random.nextInt(0xfffff));
                    default -> (char) (0x20 + random.nextInt(0x5f));
                });
            }
            String encoded = new JsonArray().add(text.toString()).encode(); // ["…"]
            assertThat(unescape(encoded.substring(2, encoded.length() - 2)))
                    .as(encoded).isEqualTo(utf8(text.toString()));
        }
    }

    @Test
    void findsEscapesAndForbiddenBytesAtEveryPositionOfAWord() {
        for (int at = 0; at < 20; at++) {
            String before = "abcdefghijklmnopqrstuvwxyz".substring(0, at);
            assertThat(unescape(before + "\\tz")).as("escape at %d", at).isEqualTo(utf8(before + "\tz"));
            String raw = before + "\tz";
            assertThatThrownBy(() -> unescape(raw)).as("raw tab at %d", at)
                    .hasMessageContaining("raw control character 0x09 at byte " + at);
        }
    }

    @Test
    void refusesWhatIsNotTheBodyOfAJsonStringAndSaysWhatAndWhere() {
        assertThatThrownBy(() -> unescape("raw \" quote")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a raw quote at byte 4 of the string; JSON needs it escaped");
        assertThatThrownBy(() -> unescape("new\nline")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a raw control character 0x0a at byte 3 of the string; JSON needs it escaped");
        assertThatThrownBy(() -> unescape("bad \\x escape")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("an unknown escape \\x at byte 4 of the string");
        assertThatThrownBy(() -> unescape("cut \\u00")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the string ends inside the \\u escape at byte 4");
        assertThatThrownBy(() -> unescape("ends \\")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the string ends inside an escape at byte 5");
        assertThatThrownBy(() -> unescape("\\u00zz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the \\u escape at byte 0 of the string has a non-hex digit at byte 4");
        assertThatThrownBy(() -> unescape("\\u-123")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the \\u escape at byte 0 of the string has a non-hex digit at byte 2");
    }
}
