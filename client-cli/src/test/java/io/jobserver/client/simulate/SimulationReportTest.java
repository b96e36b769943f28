package io.jobserver.client.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SimulationReportTest {

    @Test
    void percentileUsesNearestRank() {
        List<Duration> sorted = IntStream.rangeClosed(1, 20).mapToObj(Duration::ofSeconds).toList();

        assertThat(SimulationReport.percentile(sorted, 50)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SimulationReport.percentile(sorted, 95)).isEqualTo(Duration.ofSeconds(19));
        assertThat(SimulationReport.percentile(sorted, 100)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void percentileOfSingleValueIsThatValue() {
        assertThat(SimulationReport.percentile(List.of(Duration.ofMillis(7)), 95)).isEqualTo(Duration.ofMillis(7));
    }

    @Test
    void timeToCompletionSaysWhenNoJobCompleted() {
        assertThat(SimulationReport.timeToCompletion(List.of())).isEqualTo("no job completed");
    }
}
