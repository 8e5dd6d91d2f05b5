package tcpecho.common.wire;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * One listener's dropped datagrams by reason in a worker, as carried by {@link Heartbeat}'s field
 * {@code drops}: {@code name:reason=n;reason=n}, entries joined by commas, only reasons with a
 * count above 0, only listeners with any. A field of its own rather than more columns of
 * {@link ListenerCounters}: reasons can be added without changing that format.
 */
public record ListenerDrops(String name, Map<DropReason, Long> counts) {
    public ListenerDrops {
        counts = counts.isEmpty() ? Map.of() : new EnumMap<>(counts);
    }

    public long count(DropReason reason) {
        return counts.getOrDefault(reason, 0L);
    }

    public long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** This plus {@code other}'s counts, under this name. */
    public ListenerDrops plus(ListenerDrops other) {
        Map<DropReason, Long> sum = new EnumMap<>(DropReason.class);
        sum.putAll(counts);
        other.counts.forEach((reason, n) -> sum.merge(reason, n, Long::sum));
        return new ListenerDrops(name, sum);
    }

    public static String encodeAll(List<ListenerDrops> all) {
        StringJoiner joined = new StringJoiner(",");
        for (ListenerDrops drops : all) {
            StringJoiner reasons = new StringJoiner(";");
            drops.counts.forEach((reason, n) -> {
                if (n > 0) {
                    reasons.add(reason.label() + "=" + n);
                }
            });
            if (reasons.length() > 0) {
                joined.add(drops.name + ":" + reasons);
            }
        }
        return joined.toString();
    }

    /** Decodes the field leniently, as {@link ListenerCounters#decodeAll}: what is malformed or unknown is skipped. */
    public static List<ListenerDrops> decodeAll(String field) {
        List<ListenerDrops> all = new ArrayList<>();
        if (field == null || field.isEmpty()) {
            return all;
        }
        for (String entry : field.split(",")) {
            int colon = entry.indexOf(':');
            if (colon < 1) {
                continue;
            }
            Map<DropReason, Long> counts = new EnumMap<>(DropReason.class);
            for (String pair : entry.substring(colon + 1).split(";")) {
                int eq = pair.indexOf('=');
                DropReason reason = eq > 0 ? DropReason.parse(pair.substring(0, eq)) : null;
                if (reason == null) {
                    continue;
                }
                try {
                    counts.put(reason, Long.parseLong(pair.substring(eq + 1)));
                } catch (NumberFormatException notANumber) {
                    // skip this reason; the rest still count
                }
            }
            all.add(new ListenerDrops(entry.substring(0, colon), counts));
        }
        return all;
    }
}
