package io.jobserver.client.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {

    private final DurationConverter converter = new DurationConverter();

    @ParameterizedTest
    @CsvSource({
            "500ms, 500",
            "1s, 1000",
            "1.5s, 1500",
            "2m, 120000",
            "1h, 3600000",
            "PT30S, 30000",
            "pt1m, 60000",
            "0s, 0",
            "' 10s ', 10000"
    })
    void convertsSupportedForms(String text, long expectedMillis) {
        assertThat(converter.convert(text)).isEqualTo(Duration.ofMillis(expectedMillis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"5x", "10", "s", "", "1 second", "PT", "-x", "--1s", "1.5.2s"})
    void rejectsOtherForms(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "' is not a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PT-1S", "-PT1S", "-1s", "-500ms", " -2m"})
    void rejectsNegativeDurationsAsNotPositive(String text) {
        assertThatThrownBy(() -> converter.convert(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessage("'" + text + "' is negative; a duration must be positive, such as 500ms or 1s");
    }
}
