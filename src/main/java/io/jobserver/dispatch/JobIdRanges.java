package io.jobserver.dispatch;

import java.util.List;

/** Formats job IDs compactly for log lines, as in {@code "3-7, 9, 12-15"}. */
final class JobIdRanges {

    private JobIdRanges() {
    }

    /**
     * Formats {@code ids} as sorted ranges of consecutive IDs, listing at most {@code maxRanges}
     * and counting the IDs left out.
     */
    static String format(List<Long> ids, int maxRanges) {
        long[] sorted = ids.stream().mapToLong(Long::longValue).sorted().distinct().toArray();
        StringBuilder text = new StringBuilder();
        int ranges = 0;
        int i = 0;
        while (i < sorted.length) {
            int end = i;
            while (end + 1 < sorted.length && sorted[end + 1] == sorted[end] + 1) {
                end++;
            }
            if (ranges == maxRanges) {
                text.append(", and ").append(sorted.length - i).append(" more");
                break;
            }
            if (ranges > 0) {
                text.append(", ");
            }
            text.append(sorted[i]);
            if (end > i) {
                text.append('-').append(sorted[end]);
            }
            ranges++;
            i = end + 1;
        }
        return text.toString();
    }
}
