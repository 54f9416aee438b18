package dev.outrider.job;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Base64ValuesTest {

    @Test
    void decodesStandardPaddedBase64() {
        assertThat(Base64Values.decode("aGVsbG8=")).isEqualTo("hello".getBytes(UTF_8));
        assertThat(Base64Values.decode("aGVsbG8gd29ybGQ=")).isEqualTo("hello world".getBytes(UTF_8));
        assertThat(Base64Values.decode("aGk=")).isEqualTo("hi".getBytes(UTF_8));
        assertThat(Base64Values.decode("aGV5")).isEqualTo("hey".getBytes(UTF_8));
    }

    @Test
    void decodesTheEmptyStringToNoBytes() {
        assertThat(Base64Values.decode("")).isEmpty();
    }

    @Test
    void decodesBothNonAlphanumericCharactersOfTheStandardAlphabet() {
        assertThat(Base64Values.decode("+/8=")).containsExactly(0xFB, 0xFF);
    }

    @Test
    void requiresPadding() {
        assertThatThrownBy(() -> Base64Values.decode("aGVsbG8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7 characters")
                .hasMessageContaining("padding");
        assertThatThrownBy(() -> Base64Values.decode("aGk"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("padding");
    }

    @Test
    void ignoresLineBreaks() {
        assertThat(Base64Values.decode("aGVs\r\nbG8=\n")).isEqualTo("hello".getBytes(UTF_8));
        assertThat(Base64Values.decode("aG\nVs\rbG\r\n8=")).isEqualTo("hello".getBytes(UTF_8));
    }

    @Test
    void namesAnIllegalCharacterAndItsPosition() {
        assertThatThrownBy(() -> Base64Values.decode("aGV$bG8="))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("illegal character '$' at position 3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aGV sbG=", "aGVsbG8-", "aGVs_G8=", "aGVsbG\t=", "aGVs\u00e9G8="})
    void rejectsCharactersOutsideTheStandardAlphabet(String value) {
        assertThatThrownBy(() -> Base64Values.decode(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("illegal character");
    }

    @ParameterizedTest
    @ValueSource(strings = {"aG=sbG8=", "====", "a===", "aGVsbG8=aGk="})
    void rejectsMisplacedPadding(String value) {
        assertThatThrownBy(() -> Base64Values.decode(value)).isInstanceOf(IllegalArgumentException.class);
    }
}
