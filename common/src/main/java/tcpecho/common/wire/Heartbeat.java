package tcpecho.common.wire;

import java.util.List;

/**
 * What a worker reports every heartbeat interval: its open connections and its accepted and byte
 * totals over all listeners, then each listener's own counters and dropped datagrams.
 * {@link #encode} and {@link #decode} are the only places that name its fields.
 */
public record Heartbeat(long connections, long accepted, long bytesIn, long bytesOut,
                        List<ListenerCounters> listeners, List<ListenerDrops> drops) {
    private static final String CONNECTIONS = "connections";
    private static final String ACCEPTED = "accepted";
    private static final String BYTES_IN = "bytes_in";
    private static final String BYTES_OUT = "bytes_out";
    private static final String LISTENERS = "listeners";
    private static final String DROPS = "drops";

    public Heartbeat {
        listeners = List.copyOf(listeners);
        drops = List.copyOf(drops);
    }

    /** Listeners that dropped nothing are left out of the {@code drops} field (see {@link ListenerDrops#encodeAll}). */
    public Message encode() {
        return Message.of(Verb.HEARTBEAT).with(CONNECTIONS, connections).with(ACCEPTED, accepted)
                .with(BYTES_IN, bytesIn).with(BYTES_OUT, bytesOut)
                .with(LISTENERS, ListenerCounters.encodeAll(listeners)).with(DROPS, ListenerDrops.encodeAll(drops));
    }

    /**
     * The four totals are required; the per-listener fields may be missing (empty) and are decoded
     * leniently, entry by entry, as {@link ListenerCounters#decodeAll} and {@link ListenerDrops#decodeAll} say.
     */
    public static Heartbeat decode(Message message) throws MalformedMessageException {
        Verb.expect(Verb.HEARTBEAT, message);
        return new Heartbeat(message.requireLong(CONNECTIONS), message.requireLong(ACCEPTED),
                message.requireLong(BYTES_IN), message.requireLong(BYTES_OUT),
                ListenerCounters.decodeAll(message.get(LISTENERS)), ListenerDrops.decodeAll(message.get(DROPS)));
    }
}
