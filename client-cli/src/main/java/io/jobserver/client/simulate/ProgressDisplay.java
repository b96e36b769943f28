package io.jobserver.client.simulate;

import io.jobserver.client.DurationText;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;

/** Live progress of a simulation: a redrawn bar on a terminal, a plain line every few seconds otherwise. */
public abstract sealed class ProgressDisplay {

    /** How often the bar is redrawn on a terminal. */
    public static final Duration BAR_REFRESH = Duration.ofMillis(200);

    /** How often a plain progress line is printed when stdout is not a terminal. */
    public static final Duration LINE_INTERVAL = Duration.ofSeconds(5);

    private static final int BAR_WIDTH = 30;

    /** Returns a display that redraws one line in place with a carriage return. */
    public static ProgressDisplay bar(PrintWriter out) {
        return new Bar(out);
    }

    /** Returns a display that prints a plain line each {@link #LINE_INTERVAL}. */
    public static ProgressDisplay lines(PrintWriter out) {
        return new Lines(out);
    }

    /** Returns a display that prints nothing. */
    public static ProgressDisplay none() {
        return new None();
    }

    /** Shows the current state; called about every {@link #BAR_REFRESH}. */
    abstract void update(SimulationSnapshot snapshot, int totalJobs);

    /** Shows the final state and leaves the cursor on a new line. */
    abstract void finish(SimulationSnapshot snapshot, int totalJobs);

    static String counts(SimulationSnapshot snapshot) {
        return String.format(Locale.ROOT, "pending %d  processing %d  completed %d  failed %d  expired %d  rejected %d"
                        + "  failed to submit %d",
                snapshot.count(SimulatedJobState.PENDING),
                snapshot.count(SimulatedJobState.PROCESSING),
                snapshot.count(SimulatedJobState.COMPLETED),
                snapshot.count(SimulatedJobState.FAILED),
                snapshot.count(SimulatedJobState.EXPIRED),
                snapshot.rejected(),
                snapshot.failedToSubmit());
    }

    private static final class Bar extends ProgressDisplay {
        private final PrintWriter out;

        Bar(PrintWriter out) {
            this.out = out;
        }

        @Override
        void update(SimulationSnapshot snapshot, int totalJobs) {
            out.print("\r" + render(snapshot, totalJobs) + "\u001b[K");
            out.flush();
        }

        @Override
        void finish(SimulationSnapshot snapshot, int totalJobs) {
            update(snapshot, totalJobs);
            out.println();
            out.flush();
        }

        private static String render(SimulationSnapshot snapshot, int totalJobs) {
            int done = snapshot.finished() + snapshot.rejected() + snapshot.failedToSubmit();
            int filled = totalJobs == 0 ? BAR_WIDTH : (int) ((long) BAR_WIDTH * done / totalJobs);
            return "[" + "#".repeat(filled) + "-".repeat(BAR_WIDTH - filled) + "] "
                    + done + "/" + totalJobs + "  " + counts(snapshot) + "  " + DurationText.format(snapshot.elapsed());
        }
    }

    private static final class Lines extends ProgressDisplay {
        private final PrintWriter out;
        private Duration nextLineAt = LINE_INTERVAL;

        Lines(PrintWriter out) {
            this.out = out;
        }

        @Override
        void update(SimulationSnapshot snapshot, int totalJobs) {
            if (snapshot.elapsed().compareTo(nextLineAt) < 0) {
                return;
            }
            nextLineAt = snapshot.elapsed().plus(LINE_INTERVAL);
            out.println(line(snapshot, totalJobs));
            out.flush();
        }

        @Override
        void finish(SimulationSnapshot snapshot, int totalJobs) {
            out.println(line(snapshot, totalJobs));
            out.flush();
        }

        private static String line(SimulationSnapshot snapshot, int totalJobs) {
            return String.format(Locale.ROOT, "progress after %s: submitted %d/%d  %s",
                    DurationText.format(snapshot.elapsed()), snapshot.submitted(), totalJobs, counts(snapshot));
        }
    }

    private static final class None extends ProgressDisplay {
        @Override
        void update(SimulationSnapshot snapshot, int totalJobs) {
        }

        @Override
        void finish(SimulationSnapshot snapshot, int totalJobs) {
        }
    }
}
