package tcpecho.bench.cli;

import com.google.gson.GsonBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tcpecho.bench.FailureKind;
import tcpecho.bench.Failures;

/** One run's outcome, printable as a table or as one JSON object with the same content. */
final class Report {
    private final Map<String, Object> root = new LinkedHashMap<>();
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final Map<String, Number> counts = new LinkedHashMap<>();
    private final Map<String, Number> rates = new LinkedHashMap<>();
    private final Map<String, Double> latency = new LinkedHashMap<>();
    private final Map<String, Long> failures = new LinkedHashMap<>();
    private final Map<String, String> failureDetails = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    private long failureTotal;
    private String latencyTitle = "";

    Report(String mode, String target, double durationSeconds) {
        root.put("mode", mode);
        root.put("target", target);
        root.put("duration_s", round(durationSeconds));
    }

    Report setting(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    Report count(String key, long value) {
        counts.put(key, value);
        return this;
    }

    Report rate(String key, double value) {
        rates.put(key, round(value));
        return this;
    }

    /** Percentiles in microseconds; {@code title} says what was timed. */
    Report latencyMicros(String title, Map<String, Double> percentiles) {
        latencyTitle = " (" + title + ")";
        root.put("latency_of", title);
        return latencyMicros(percentiles);
    }

    Report latencyMicros(Map<String, Double> percentiles) {
        percentiles.forEach((k, v) -> latency.put(k, round(v)));
        return this;
    }

    Report failures(Failures f) {
        return failures(f.snapshot(), f.details());
    }

    Report failures(Map<FailureKind, Long> counts, Map<FailureKind, String> details) {
        counts.forEach((kind, n) -> failures.put(kind.key(), n));
        details.forEach((kind, d) -> failureDetails.put(kind.key(), d));
        failureTotal += counts.values().stream().mapToLong(Long::longValue).sum();
        if (counts.getOrDefault(FailureKind.TOO_MANY_OPEN_FILES, 0L) > 0) {
            note("connections failed with 'Too many open files': raise the limit with `ulimit -n`");
        }
        return this;
    }

    /** A problem that is not a per-connection failure but still fails the run. */
    Report problem(String text) {
        failureTotal++;
        return note(text);
    }

    Report note(String text) {
        notes.add(text);
        return this;
    }

    boolean ok() {
        return failureTotal == 0;
    }

    String toJson() {
        Map<String, Object> out = new LinkedHashMap<>(root);
        out.put("settings", settings);
        out.put("counts", counts);
        out.put("rates", rates);
        if (!latency.isEmpty()) {
            out.put("latency_us", latency);
        }
        out.put("failures", failures);
        out.put("failure_details", failureDetails);
        out.put("notes", notes);
        out.put("ok", ok());
        return new GsonBuilder().disableHtmlEscaping().create().toJson(out);
    }

    String toTable() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "tcp-echo-bench %s against %s for %.2f s%n",
                root.get("mode"), root.get("target"), root.get("duration_s")));
        section(sb, "settings", settings, "");
        section(sb, "counts", counts, "");
        section(sb, "rates", rates, "");
        section(sb, "latency" + latencyTitle, latency, " us");
        section(sb, "failures", failures, "");
        failureDetails.forEach((k, d) -> sb.append(String.format("  first %s: %s%n", k, d)));
        notes.forEach(n -> sb.append("note: ").append(n).append(System.lineSeparator()));
        sb.append(ok() ? "result: OK" : "result: FAILED (" + failureTotal + " failures)");
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, Map<String, ?> rows, String unit) {
        if (rows.isEmpty()) {
            return;
        }
        sb.append(title).append(System.lineSeparator());
        rows.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-24s %16s%s%n", k.replace('_', ' '), format(v), unit)));
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%,.2f", d);
        }
        if (v instanceof Long || v instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) v).longValue());
        }
        return String.valueOf(v);
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
