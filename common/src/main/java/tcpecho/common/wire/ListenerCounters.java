package tcpecho.common.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * One listener's counters in a worker, as carried by {@link Heartbeat}'s field {@code listeners}:
 * {@code name:connections:accepted:bytes_in:bytes_out}, entries joined by commas. For a UDP
 * listener {@code connections} is 0 and {@code accepted} counts datagrams.
 */
public record ListenerCounters(String name, long connections, long accepted, long bytesIn, long bytesOut) {
    public static String encodeAll(List<ListenerCounters> all) {
        StringJoiner joined = new StringJoiner(",");
        for (ListenerCounters c : all) {
            joined.add(c.name + ":" + c.connections + ":" + c.accepted + ":" + c.bytesIn + ":" + c.bytesOut);
        }
        return joined.toString();
    }

    /** Decodes the field leniently: a worker is trusted little, so malformed entries are skipped. */
    public static List<ListenerCounters> decodeAll(String field) {
        List<ListenerCounters> all = new ArrayList<>();
        if (field == null || field.isEmpty()) {
            return all;
        }
        for (String entry : field.split(",")) {
            String[] parts = entry.split(":");
            if (parts.length != 5 || parts[0].isEmpty()) {
                continue;
            }
            try {
                all.add(new ListenerCounters(parts[0], Long.parseLong(parts[1]), Long.parseLong(parts[2]),
                        Long.parseLong(parts[3]), Long.parseLong(parts[4])));
            } catch (NumberFormatException notANumber) {
                // skip this entry; the rest still count
            }
        }
        return all;
    }
}
