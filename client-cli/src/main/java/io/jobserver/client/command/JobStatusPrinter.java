package io.jobserver.client.command;

import io.jobserver.client.DurationText;
import io.jobserver.client.http.JobStatusReport;
import io.jobserver.client.http.StatusOutcome;
import java.io.PrintWriter;

/** Prints one line per job status, such as {@code job 7: completed  created_at=... took=4.2 s}. */
final class JobStatusPrinter {

    private final PrintWriter out;

    JobStatusPrinter(PrintWriter out) {
        this.out = out;
    }

    void print(long jobId, StatusOutcome outcome) {
        out.println(describe(jobId, outcome));
        out.flush();
    }

    static String describe(long jobId, StatusOutcome outcome) {
        if (outcome instanceof StatusOutcome.Found found) {
            return describe(found.report());
        }
        if (outcome instanceof StatusOutcome.NotFound notFound) {
            // job-server's detail states whether the ID was never issued or the job's record expired. Only a
            // response without a detail leaves both possible.
            String detail = notFound.problem().detail().strip();
            String reason = detail.isEmpty() ? "unknown ID, or the job finished and its record expired" : detail;
            return "job " + jobId + ": not found (" + reason + ")";
        }
        StatusOutcome.Failed failed = (StatusOutcome.Failed) outcome;
        return "job " + jobId + ": unavailable (" + failed.problem().describe() + ")";
    }

    private static String describe(JobStatusReport report) {
        StringBuilder line = new StringBuilder()
                .append("job ").append(report.jobId()).append(": ").append(report.status().wireName());
        report.createdAt().ifPresent(time -> line.append("  created_at=").append(time));
        report.startedAt().ifPresent(time -> line.append("  started_at=").append(time));
        report.finishedAt().ifPresent(time -> line.append("  finished_at=").append(time));
        report.timeToFinish().ifPresent(took -> line.append("  took=").append(DurationText.format(took)));
        report.error().ifPresent(error -> line.append("  error=\"").append(error).append('"'));
        return line.toString();
    }
}
