package dev.outrider.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

    private static byte[] bytes(int... values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) values[i];
        }
        return result;
    }

    private static boolean valid(byte[] bytes) {
        return Utf8.isValid(bytes, 0, bytes.length);
    }

    @Test
    void acceptsAsciiAndWellFormedMultiByteCharacters() {
        assertThat(valid("plain ascii\r\n".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(valid("é ━ 特 😀".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(valid(new byte[0])).isTrue();
    }

    @Test
    void acceptsTheBoundariesOfEachSequenceLength() {
        assertThat(valid(bytes(0x7F))).isTrue();
        assertThat(valid(bytes(0xC2, 0x80))).as("U+0080").isTrue();
        assertThat(valid(bytes(0xDF, 0xBF))).as("U+07FF").isTrue();
        assertThat(valid(bytes(0xE0, 0xA0, 0x80))).as("U+0800").isTrue();
        assertThat(valid(bytes(0xED, 0x9F, 0xBF))).as("U+D7FF").isTrue();
        assertThat(valid(bytes(0xEE, 0x80, 0x80))).as("U+E000").isTrue();
        assertThat(valid(bytes(0xEF, 0xBF, 0xBF))).as("U+FFFF").isTrue();
        assertThat(valid(bytes(0xF0, 0x90, 0x80, 0x80))).as("U+10000").isTrue();
        assertThat(valid(bytes(0xF4, 0x8F, 0xBF, 0xBF))).as("U+10FFFF").isTrue();
    }

    @Test
    void rejectsOverlongForms() {
        assertThat(valid(bytes(0xC0, 0x80))).as("overlong NUL").isFalse();
        assertThat(valid(bytes(0xC1, 0xBF))).as("overlong U+007F").isFalse();
        assertThat(valid(bytes(0xE0, 0x80, 0x80))).as("overlong 3-byte").isFalse();
        assertThat(valid(bytes(0xE0, 0x9F, 0xBF))).as("overlong U+07FF").isFalse();
        assertThat(valid(bytes(0xF0, 0x80, 0x80, 0x80))).as("overlong 4-byte").isFalse();
        assertThat(valid(bytes(0xF0, 0x8F, 0xBF, 0xBF))).as("overlong U+FFFF").isFalse();
    }

    @Test
    void rejectsSurrogates() {
        assertThat(valid(bytes(0xED, 0xA0, 0x80))).as("U+D800").isFalse();
        assertThat(valid(bytes(0xED, 0xBF, 0xBF))).as("U+DFFF").isFalse();
    }

    @Test
    void rejectsCodePointsAboveU10FFFF() {
        assertThat(valid(bytes(0xF4, 0x90, 0x80, 0x80))).as("U+110000").isFalse();
        assertThat(valid(bytes(0xF4, 0xBF, 0xBF, 0xBF))).isFalse();
        assertThat(valid(bytes(0xF5, 0x80, 0x80, 0x80))).isFalse();
        assertThat(valid(bytes(0xFF))).isFalse();
    }

    @Test
    void rejectsTruncatedSequencesAndStrayContinuationBytes() {
        assertThat(valid(bytes(0xE7, 0x89))).as("2 of 3 bytes").isFalse();
        assertThat(valid(bytes(0xF0, 0x9F, 0x98))).as("3 of 4 bytes").isFalse();
        assertThat(valid(bytes(0xC3))).as("lone lead byte").isFalse();
        assertThat(valid(bytes(0x96))).as("lone continuation byte").isFalse();
        assertThat(valid(bytes(0xE7, 0x89, 0x41))).as("lead byte followed by ASCII").isFalse();
    }

    @Test
    void checksOnlyTheGivenRange() {
        byte[] special = "特".getBytes(StandardCharsets.UTF_8);
        byte[] text = bytes('a', special[0], special[1], special[2], 'b');

        assertThat(Utf8.isValid(text, 0, 5)).isTrue();
        assertThat(Utf8.isValid(text, 0, 3)).as("cuts the character").isFalse();
        assertThat(Utf8.isValid(text, 2, 5)).as("starts inside the character").isFalse();
        assertThat(Utf8.isValid(text, 1, 4)).isTrue();
    }

    @Test
    void decodesEachInvalidByteAsItsOwnReplacementCharacter() {
        assertThat(Utf8.decode(bytes(0x96, 0x96, 0x96, 0x96, 0x96))).isEqualTo("\uFFFD".repeat(5));
    }

    @Test
    void decodesATruncatedThreeByteSequenceAsTwoReplacementCharacters() {
        assertThat(Utf8.decode(bytes(0xE7, 0x89))).isEqualTo("\uFFFD\uFFFD");
        assertThat(Utf8.decode(bytes('a', 0xE7, 0x89, 'b'))).isEqualTo("a\uFFFD\uFFFDb");
    }

    @ParameterizedTest
    @ValueSource(strings = {"C0 80", "ED A0 80", "F4 90 80 80", "E0 80 80"})
    void decodesIllFormedSequencesByteForByte(String hex) {
        String[] parts = hex.split(" ");
        byte[] input = new byte[parts.length];
        for (int i = 0; i < parts.length; i++) {
            input[i] = (byte) Integer.parseInt(parts[i], 16);
        }

        assertThat(Utf8.decode(input)).isEqualTo("\uFFFD".repeat(parts.length));
    }

    @Test
    void keepsValidMultiByteCharactersBetweenInvalidBytes() {
        byte[] special = "特😀é".getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[special.length + 2];
        input[0] = (byte) 0x96;
        System.arraycopy(special, 0, input, 1, special.length);
        input[input.length - 1] = (byte) 0xFF;

        assertThat(Utf8.decode(input)).isEqualTo("\uFFFD特😀é\uFFFD");
    }

    @Test
    void decodesValidTextLikeTheJdk() {
        String text = "特定の伝説に拠る物語の由来については諸説存在し。━━ ascii 😀 ü";

        assertThat(Utf8.decode(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text);
    }

    @Test
    void decodesOnlyTheGivenRange() {
        byte[] input = "xx特yy".getBytes(StandardCharsets.UTF_8);

        assertThat(Utf8.decode(input, 2, 5)).isEqualTo("特");
        assertThat(Utf8.decode(input, 2, 4)).isEqualTo("\uFFFD\uFFFD");
    }
}
