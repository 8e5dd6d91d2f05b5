package tcpecho.bench;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

/** Failure counts by kind, safe to update from any selector thread and read from any other. */
public final class Failures {
    private final AtomicLongArray counts = new AtomicLongArray(FailureKind.values().length);
    // The first detail per kind is kept so a summary can say what the OS actually said.
    private final Map<FailureKind, String> firstDetail = new ConcurrentHashMap<>();

    public void record(FailureKind kind, String detail) {
        counts.incrementAndGet(kind.ordinal());
        if (detail != null) {
            firstDetail.putIfAbsent(kind, detail);
        }
    }

    public long count(FailureKind kind) {
        return counts.get(kind.ordinal());
    }

    public long total() {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            sum += counts.get(i);
        }
        return sum;
    }

    /** Every kind, zeros included, so reports have a stable shape. */
    public Map<FailureKind, Long> snapshot() {
        Map<FailureKind, Long> out = new EnumMap<>(FailureKind.class);
        for (FailureKind kind : FailureKind.values()) {
            out.put(kind, count(kind));
        }
        return out;
    }

    public Map<FailureKind, String> details() {
        Map<FailureKind, String> out = new EnumMap<>(FailureKind.class);
        out.putAll(firstDetail);
        return out;
    }
}
