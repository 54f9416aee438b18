package dev.outrider.toolbox.testresults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Trimming keeps a text's last bytes, whole characters only, after a marker line. */
class TrimTest {

    @Test
    void keepsTheLastBytesOfALongText() {
        assertThat(new Trim(4).apply("abcdefgh")).isEqualTo("...[truncated]...\nefgh");
        assertThat(new Trim(8).apply("abcdefgh")).isEqualTo("abcdefgh");
    }

    @Test
    void countsBytesAndNeverSplitsACharacter() {
        assertThat(new Trim(5).apply("xxäöü")).as("ä, ö, ü are 2 bytes each").isEqualTo("...[truncated]...\nöü");
        assertThat(new Trim(4).apply("ab😀")).isEqualTo("...[truncated]...\n😀");
        assertThat(new Trim(3).apply("ab😀")).isEqualTo("...[truncated]...\n");
    }

    @Test
    void theFlagTheLimitAndTheVariableTurnItOff() {
        assertThat(Trim.of(true, 1000, "")).isEqualTo(Trim.NONE);
        assertThat(Trim.of(false, 1000, "true")).isEqualTo(Trim.NONE);
        assertThat(Trim.of(false, 999, "true")).isEqualTo(new Trim(999));
        assertThat(Trim.of(false, 0, "").apply("abc")).isEqualTo("abc");
    }
}
