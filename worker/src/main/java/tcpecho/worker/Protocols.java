package tcpecho.worker;

import java.io.IOException;
import java.util.Set;
import java.util.TreeSet;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.net.AccessList;

/** Maps a listener's protocol name to its implementation, checking the listener's options. */
final class Protocols {
    static final String ACCEPTED = "echo, echo-udp, daytime, discard, chargen, proxy";
    /** The listener option every protocol takes: who may use it (AccessList's text); absent allows everyone. */
    static final String ACCESS = "access";

    private Protocols() {
    }

    /**
     * The protocol serving {@code listener}'s TCP connections; a bad option or protocol throws
     * IllegalArgumentException naming the listener and the option. Not for {@code echo-udp}.
     */
    static Protocol forListener(InheritedListener listener, IoContext io, ListenerStats stats, int slot)
            throws IOException {
        if (listener.protocol().equals("proxy")) {
            checkOptions(listener, ProxySettings.KEYS);
            return new Proxy(listener, ProxySettings.parse(listener), io, stats, slot);
        }
        checkOptions(listener, Set.of());
        return switch (listener.protocol()) {
            case "echo" -> EchoConnection.protocol(io, stats);
            case "daytime" -> DaytimeConnection.protocol(io, stats);
            case "discard" -> DiscardConnection.protocol(io, stats);
            case "chargen" -> ChargenConnection.protocol(io, stats);
            default -> throw new IllegalArgumentException("listener '" + listener.name() + "' (fd " + listener.fd()
                    + ") has unknown protocol '" + listener.protocol() + "' (accepted: " + ACCEPTED + ")");
        };
    }

    /** An option we do not know is a mistake upstream, not something to ignore; {@code access} is every protocol's. */
    static void checkOptions(InheritedListener listener, Set<String> known) {
        for (String key : listener.options().keySet()) {
            if (!known.contains(key) && !key.equals(ACCESS)) {
                throw badOption(listener, key, "is unknown; " + listener.protocol() + " takes "
                        + (known.isEmpty() ? "no options" : "only " + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    /** The listener's access list; a bad one throws IllegalArgumentException naming the listener. */
    static AccessList access(InheritedListener listener) {
        try {
            return AccessList.parse(listener.option(ACCESS, ""));
        } catch (IllegalArgumentException e) {
            throw badOption(listener, ACCESS, "must be " + AccessList.ACCEPTED + ": " + e.getMessage());
        }
    }

    /** {@code listener 'db' (proxy): option upstream is required (host:port)}: names the listener and the option. */
    static IllegalArgumentException badOption(InheritedListener listener, String option, String rule) {
        return new IllegalArgumentException("listener '" + listener.name() + "' (" + listener.protocol()
                + "): option " + option + " " + rule);
    }
}
