package io.jobserver.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class JobIdRangesTest {

    @Test
    void consecutiveIdsBecomeRanges() {
        assertThat(JobIdRanges.format(List.of(9L, 3L, 4L, 5L, 12L, 13L), 10)).isEqualTo("3-5, 9, 12-13");
    }

    @Test
    void rangesBeyondMaximumAreCounted() {
        assertThat(JobIdRanges.format(List.of(1L, 3L, 5L, 6L, 9L), 2)).isEqualTo("1, 3, and 3 more");
    }

    @Test
    void emptyListIsEmptyText() {
        assertThat(JobIdRanges.format(List.of(), 5)).isEmpty();
    }
}
