package io.jobserver.client;

import java.time.Duration;
import java.util.Locale;

/** Human-readable rendering of durations in reports, such as {@code 850 ms}, {@code 4.2 s} or {@code 3m 05s}. */
public final class DurationText {

    private DurationText() {
    }

    /** Formats a duration with a unit that keeps two or three significant digits. */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1_000) {
            long micros = duration.toNanos() / 1_000;
            return micros < 10_000 && millis < 10 ? String.format(Locale.ROOT, "%.2f ms", micros / 1_000.0) : millis + " ms";
        }
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1_000.0);
        }
        long seconds = duration.toSeconds();
        if (seconds < 3_600) {
            return String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm", seconds / 3_600, (seconds % 3_600) / 60);
    }

    /** Formats a duration the way it is typed on the command line, such as {@code 500ms}, {@code 1s} or {@code 2m}. */
    public static String formatOption(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 3_600_000 == 0 && millis > 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis % 60_000 == 0 && millis > 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
