package io.jobserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

    @ParameterizedTest
    @CsvSource({
            "PT0S, 0ms",
            "PT0.25S, 250ms",
            "PT1S, 1s",
            "PT4.502S, 4.5s",
            "PT59.96S, 60s",
            "PT5M, 5m",
            "PT1H, 1h",
            "PT1H30M5S, 1h30m5s",
    })
    void formatsLikeConfiguredDurations(String iso, String expected) {
        assertThat(HumanDuration.format(Duration.parse(iso))).isEqualTo(expected);
    }
}
