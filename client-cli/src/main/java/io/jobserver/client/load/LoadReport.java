package io.jobserver.client.load;

import io.jobserver.client.DurationText;
import io.jobserver.client.Plural;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.stream.Collectors;
import org.HdrHistogram.Histogram;

/** Renders a load test's result as text or as one JSON object, and judges it against the allowed error rate. */
public final class LoadReport {

    private static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final LoadResult result;
    private final double maxErrorRate;
    private final String server;

    /**
     * Creates a report.
     *
     * @param maxErrorRate the highest error rate, from 0 to 1, at which the run still passes
     * @param server the base URL the test ran against
     */
    public LoadReport(LoadResult result, double maxErrorRate, String server) {
        this.result = result;
        this.maxErrorRate = maxErrorRate;
        this.server = server;
    }

    /** Returns whether the error rate stayed within the limit. */
    public boolean isPassed() {
        return result.errorRate() <= maxErrorRate;
    }

    /** Returns the one-line reason the run failed, for stderr. */
    public String failureMessage() {
        String causes = result.failures().isEmpty() ? "" : " (client-side: " + failureList() + ")";
        return String.format(Locale.ROOT, "load test failed: error rate %s exceeds --max-error-rate %s%s; see the report above",
                percent(result.errorRate()), percent(maxErrorRate), causes);
    }

    /** Prints the report as aligned text. */
    public void printText(PrintWriter out) {
        LoadSettings settings = result.settings();
        out.println("Load test against " + server + ": " + describeModel(settings));
        out.printf(Locale.ROOT, "  requests:     %d sent, %s, %s%s%n",
                result.sent(), Plural.of(result.responses(), "response"), Plural.of(result.clientFailures(), "client-side failure"),
                result.unsent() > 0 ? ", " + result.unsent() + " due but never sent (all connections busy)" : "");
        out.printf(Locale.ROOT, "  rate:         %.1f req/s achieved, %s%n", result.achievedRate(),
                settings.isOpenModel() ? String.format(Locale.ROOT, "%.1f req/s target", settings.rate()) : "no target (closed model)");
        out.println("  elapsed:      " + DurationText.format(result.elapsed()));
        out.println("  latency:      " + latencyLine());
        out.println("  by status:    " + (result.countsByStatus().isEmpty() ? "none" : statusList()));
        out.println("  client-side:  " + (result.failures().isEmpty() ? "none" : failureList()));
        out.printf(Locale.ROOT, "  error rate:   %s (limit %s): %s%n", percent(result.errorRate()), percent(maxErrorRate),
                isPassed() ? "passed" : "FAILED");
        out.flush();
    }

    /** Returns the same figures as {@link #printText} as one JSON object. */
    public JsonObject toJson() {
        LoadSettings settings = result.settings();
        JsonObject json = new JsonObject()
                .put("url", server)
                .put("model", settings.isOpenModel() ? "open" : "closed")
                .put("target_rate", settings.isOpenModel() ? settings.rate() : null)
                .put("concurrency", settings.isOpenModel() ? null : settings.concurrency())
                .put("connections", settings.connections())
                .put("mix", new JsonObject().put("post", settings.mix().postWeight()).put("status", settings.mix().statusWeight()))
                .put("warmup_seconds", settings.warmup().toMillis() / 1000.0)
                .put("elapsed_seconds", result.elapsed().toNanos() / 1e9)
                .put("sent", result.sent())
                .put("unsent", result.unsent())
                .put("responses", result.responses())
                .put("achieved_rate", round(result.achievedRate(), 1))
                .put("latency_ms", latencyJson(result.latencyMicros()))
                .put("latency_measured_from", latencyOrigin(settings))
                .put("status_counts", statusJson())
                .put("client_failures", failureJson())
                .put("error_rate", round(result.errorRate(), 6))
                .put("max_error_rate", maxErrorRate)
                .put("passed", isPassed());
        return json;
    }

    private JsonObject statusJson() {
        JsonObject json = new JsonObject();
        result.countsByStatus().forEach((status, count) -> json.put(String.valueOf(status), count));
        return json;
    }

    private JsonObject failureJson() {
        JsonObject json = new JsonObject();
        result.failures().forEach((failure, count) -> json.put(failure.label(), count));
        return json;
    }

    private static String describeModel(LoadSettings settings) {
        String model = settings.isOpenModel()
                ? String.format(Locale.ROOT, "open model at %.1f req/s over at most %s", settings.rate(),
                        Plural.of(settings.connections(), "connection"))
                : "closed model with " + Plural.of(settings.concurrency(), "concurrent request");
        String end = settings.requests().isPresent()
                ? Plural.of(settings.requests().getAsLong(), "request")
                : DurationText.formatOption(settings.duration());
        String warmup = settings.warmup().isZero() ? "" : ", after a " + DurationText.formatOption(settings.warmup()) + " warm-up";
        return model + ", mix " + settings.mix() + ", " + end + warmup;
    }

    private String latencyLine() {
        Histogram histogram = result.latencyMicros();
        if (histogram.getTotalCount() == 0) {
            return "no responses";
        }
        StringBuilder line = new StringBuilder();
        for (double percentile : PERCENTILES) {
            line.append("p").append(percentileName(percentile)).append(' ')
                    .append(millis(histogram.getValueAtPercentile(percentile))).append("  ");
        }
        String origin = latencyOrigin(result.settings()).replace('_', ' ');
        return line.append("max ").append(millis(histogram.getMaxValue())).append(" (ms, from ").append(origin).append(')')
                .toString();
    }

    /**
     * Returns where latency is measured from: the intended send time in the open model, which has a schedule, and
     * the actual send time in the closed model, which has none.
     */
    private static String latencyOrigin(LoadSettings settings) {
        return settings.isOpenModel() ? "intended_send_time" : "actual_send_time";
    }

    private static JsonObject latencyJson(Histogram histogram) {
        JsonObject json = new JsonObject();
        for (double percentile : PERCENTILES) {
            json.put("p" + percentileName(percentile).replace('.', '_'),
                    histogram.getTotalCount() == 0 ? null : round(histogram.getValueAtPercentile(percentile) / 1000.0, 3));
        }
        json.put("max", histogram.getTotalCount() == 0 ? null : round(histogram.getMaxValue() / 1000.0, 3));
        json.put("mean", histogram.getTotalCount() == 0 ? null : round(histogram.getMean() / 1000.0, 3));
        return json;
    }

    private static String percentileName(double percentile) {
        return percentile == Math.rint(percentile) ? String.valueOf((long) percentile) : String.valueOf(percentile);
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.2f", micros / 1000.0);
    }

    private String statusList() {
        return result.countsByStatus().entrySet().stream()
                .map(entry -> entry.getKey() + ": " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private String failureList() {
        return result.failures().entrySet().stream()
                .map(entry -> entry.getKey().label() + ": " + entry.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
