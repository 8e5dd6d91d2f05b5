package tcpecho.worker;

import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-client-address state (a rate limiter's bucket, say) in a table of at most {@code capacity}
 * entries: when a new address comes and the table is full, the least recently seen address goes,
 * and its value object is handed back to {@link Values#fresh} for the newcomer. Memory therefore
 * stays bounded however many source addresses a client sprays, and a lookup of a known address
 * allocates nothing (access order moves the entry, it creates none). Only the event-loop thread
 * touches a table.
 *
 * <p>Eviction forgets what it knew about the evicted address: a limiter then meets it again as a
 * new client. That is the price of the bound; a second limit over all clients (as the UDP per-worker
 * cap is) is what holds when a sprayer makes every address new.
 */
final class AddressTable<V> {
    /** Makes the value of an address seen for the first time; {@code recycled} is an evicted one, or null. */
    interface Values<V> {
        V fresh(V recycled, long now);
    }

    private final int capacity;
    private final Values<V> values;
    private final Map<InetAddress, V> entries;
    private long evictions;

    AddressTable(int capacity, Values<V> values) {
        if (capacity < 1) {
            throw new IllegalArgumentException("an address table needs room for at least 1 entry, got " + capacity);
        }
        this.capacity = capacity;
        this.values = values;
        this.entries = new LinkedHashMap<>(capacity * 4 / 3 + 1, 0.75f, true);
    }

    /** The value for {@code address}, made (or recycled from the least recently seen entry) if new. */
    V get(InetAddress address, long now) {
        V value = entries.get(address);
        if (value != null) {
            return value;
        }
        V recycled = null;
        if (entries.size() >= capacity) {
            var eldest = entries.entrySet().iterator();
            recycled = eldest.next().getValue();
            eldest.remove();
            evictions++;
        }
        value = values.fresh(recycled, now);
        entries.put(address, value);
        return value;
    }

    int size() {
        return entries.size();
    }

    /** Entries dropped to make room since the table was made. */
    long evictions() {
        return evictions;
    }
}
