package io.jobserver.client.simulate;

import io.jobserver.client.DurationText;
import io.jobserver.client.Plural;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The summary printed at the end of a simulation. */
public final class SimulationReport {

    private final SimulationSettings settings;
    private final Simulation.Result result;

    public SimulationReport(SimulationSettings settings, Simulation.Result result) {
        this.settings = settings;
        this.result = result;
    }

    /** Prints the summary, one figure per line. */
    public void print(PrintWriter out, String server) {
        SimulationSnapshot snapshot = result.snapshot();
        out.println("Simulation of " + Plural.of(settings.clients(), "client") + " x " + Plural.of(settings.jobsPerClient(), "job")
                + " against " + server + (result.timedOut() ? ", stopped by the timeout" : "")
                + " after " + DurationText.format(snapshot.elapsed()));
        out.println("  submitted:   " + snapshot.submitted());
        out.println("  accepted:    " + snapshot.accepted());
        out.println("  rejected:    " + snapshot.rejected() + byReason(snapshot.rejectedByReason()));
        if (snapshot.failedToSubmit() > 0) {
            out.println("  failed to submit: " + snapshot.failedToSubmit() + byReason(snapshot.submitFailuresByReason()));
        }
        out.println("  completed:   " + snapshot.count(SimulatedJobState.COMPLETED));
        out.println("  failed:      " + snapshot.count(SimulatedJobState.FAILED));
        out.println("  expired:     " + snapshot.count(SimulatedJobState.EXPIRED));
        out.println("  unfinished:  " + snapshot.unfinished());
        if (!snapshot.pollErrorsByReason().isEmpty()) {
            int pollErrors = snapshot.pollErrorsByReason().values().stream().mapToInt(Integer::intValue).sum();
            out.println("  status request errors: " + pollErrors + byReason(snapshot.pollErrorsByReason()));
        }
        out.println("  time to completion: " + timeToCompletion(snapshot.timesToCompletion()));
        out.flush();
    }

    /** Returns whether every accepted job completed, and at least one was accepted. */
    public boolean isSuccess() {
        SimulationSnapshot snapshot = result.snapshot();
        return snapshot.accepted() > 0 && snapshot.count(SimulatedJobState.COMPLETED) == snapshot.accepted();
    }

    /** Returns the one-line reason the simulation failed, for stderr. */
    public String failureMessage(String server) {
        SimulationSnapshot snapshot = result.snapshot();
        if (snapshot.accepted() == 0) {
            List<String> outcomes = new ArrayList<>();
            if (snapshot.rejected() > 0) {
                outcomes.add("rejected " + snapshot.rejected() + byReason(snapshot.rejectedByReason()));
            }
            if (snapshot.failedToSubmit() > 0) {
                outcomes.add("failed to submit " + snapshot.failedToSubmit() + byReason(snapshot.submitFailuresByReason()));
            }
            String reasons = outcomes.isEmpty() ? "" : ": " + String.join(", ", outcomes);
            return "simulation failed: " + server + " accepted none of " + Plural.of(snapshot.submitted(), "submitted job")
                    + reasons + "; check that job-server runs there and that --url is right";
        }
        int notCompleted = snapshot.accepted() - snapshot.count(SimulatedJobState.COMPLETED);
        String hint = result.timedOut() ? "; raise --timeout if the jobs need longer" : "; see the summary above";
        return "simulation failed: " + notCompleted + " of " + Plural.of(snapshot.accepted(), "accepted job") + " did not complete (failed "
                + snapshot.count(SimulatedJobState.FAILED) + ", expired " + snapshot.count(SimulatedJobState.EXPIRED)
                + ", unfinished " + snapshot.unfinished() + ")" + hint;
    }

    static String timeToCompletion(List<Duration> times) {
        if (times.isEmpty()) {
            return "no job completed";
        }
        List<Duration> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return "min " + DurationText.format(sorted.get(0))
                + ", median " + DurationText.format(percentile(sorted, 50))
                + ", p95 " + DurationText.format(percentile(sorted, 95))
                + ", max " + DurationText.format(sorted.get(sorted.size() - 1));
    }

    /** Returns the nearest-rank percentile of a sorted, non-empty list. */
    static Duration percentile(List<Duration> sorted, int percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private static String byReason(Map<String, Integer> reasons) {
        return reasons.isEmpty() ? "" : " (" + reasonList(reasons) + ")";
    }

    private static String reasonList(Map<String, Integer> reasons) {
        return reasons.entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining(", "));
    }
}
