package dev.outrider.kubernetes.controller;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest
    @CsvSource({
        "1d, PT24H",
        "5m, PT5M",
        "90s, PT1M30S",
        "1h30m, PT1H30M",
        "1.5h, PT1H30M",
        "2d12h, PT60H",
        "300ms, PT0.3S",
        "0, PT0S",
        "0s, PT0S",
        "' 10m ', PT10M",
    })
    void readsGoDurationsAndDays(String text, Duration expected) {
        assertThat(DurationText.parse(text)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "d", "1w", "5 m", "1h-5m", "abc", "1..5h"})
    void refusesTextThatIsNoDurationSayingWhatToGive(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text + "' is not a duration; give a number with a unit (ms, s, m, h, d), e.g. 90s,"
                        + " 5m, 1h30m or 1d");
    }

    @ParameterizedTest
    @ValueSource(strings = {"-5m", "-1d"})
    void refusesNegativeDurations(String text) {
        assertThatThrownBy(() -> DurationText.parse(text)).hasMessageStartingWith("'" + text + "' is negative");
    }

    @ParameterizedTest
    @CsvSource({"PT24H, 1d", "PT1H30M, 1h30m", "PT1M30S, 1m30s", "PT0S, 0", "PT0.25S, 250ms", "PT49H, 2d1h"})
    void writesDurationsTheWayItReadsThem(Duration duration, String text) {
        assertThat(DurationText.format(duration)).isEqualTo(text);
        assertThat(DurationText.parse(text)).isEqualTo(duration);
    }
}
