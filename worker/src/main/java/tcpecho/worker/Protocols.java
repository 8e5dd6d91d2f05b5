package tcpecho.worker;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import tcpecho.common.fault.Fault;
import tcpecho.common.launch.ClientLimits;
import tcpecho.common.launch.DatagramLimits;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.ListenerOptionKeys;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;

/** Maps a listener's protocol to its handler, checking the listener's options. */
final class Protocols {

    private Protocols() {
    }

    /**
     * The protocol serving {@code listener}'s TCP connections; a bad option throws
     * IllegalArgumentException naming the listener and the option. Not for {@code echo-udp}, which
     * has no accepted connections.
     */
    static ProtocolHandler forListener(InheritedListener listener, IoContext io, ListenerStats stats, int slot,
                                       ListenerFaults faults) throws IOException {
        checkOptions(listener, listener.protocol() == Protocol.PROXY ? ListenerOptionKeys.PROXY : List.of());
        return switch (listener.protocol()) {
            case PROXY -> new Proxy(listener, ProxySettings.parse(listener), io, stats, slot, faults);
            case ECHO -> EchoConnection.protocol(io, stats, faults);
            case DAYTIME -> DaytimeConnection.protocol(io, stats);
            case DISCARD -> DiscardConnection.protocol(io, stats);
            case CHARGEN -> ChargenConnection.protocol(io, stats);
            case ECHO_UDP -> throw new IllegalStateException("listener '" + listener.name() + "' ("
                    + listener.protocol().label() + ") has no connection handler");
        };
    }

    /**
     * An option we do not know is a mistake upstream, not something to ignore; {@code access} is every
     * protocol's, the per-client limits every TCP protocol's.
     */
    static void checkOptions(InheritedListener listener, List<String> known) {
        for (String key : listener.options().keySet()) {
            boolean shared = key.equals(ListenerOptionKeys.ACCESS) || key.equals(ListenerOptionKeys.FAULTS) || !listener.isDatagram() && ClientLimits.isOption(key);
            if (!known.contains(key) && !shared) {
                throw badOption(listener, key, "is unknown; " + listener.protocol().label() + " takes "
                        + (known.isEmpty() ? "no options" : "only " + String.join(", ", new TreeSet<>(known))));
            }
        }
    }

    /**
     * An echo-udp listener's limits: {@code defaults} (the worker's arguments) with the listener's own
     * {@code udp-loop-guard} and {@code udp-rate-per-source} options applied.
     */
    static DatagramLimits datagramLimits(InheritedListener listener, DatagramLimits defaults) {
        checkOptions(listener, ListenerOptionKeys.UDP);
        boolean loopGuard = defaults.loopGuard();
        String guard = listener.options().get(ListenerOptionKeys.UDP_LOOP_GUARD);
        if (guard != null) {
            if (!guard.equals("true") && !guard.equals("false")) {
                throw badOption(listener, ListenerOptionKeys.UDP_LOOP_GUARD, "must be true or false (got '" + guard + "')");
            }
            loopGuard = guard.equals("true");
        }
        Rate perSource = defaults.perSource();
        String rate = listener.options().get(ListenerOptionKeys.UDP_RATE_PER_SOURCE);
        if (rate != null) {
            perSource = Rate.parse(rate);
            if (perSource == null) {
                throw badOption(listener, ListenerOptionKeys.UDP_RATE_PER_SOURCE, "must be " + Rate.ACCEPTED + " (got '" + rate + "')");
            }
        }
        return new DatagramLimits(loopGuard, perSource, defaults.perWorker());
    }

    /**
     * The listener's faults from its {@code faults} option (the config's); a bad one throws
     * IllegalArgumentException naming the listener. Only echo, proxy and echo-udp take faults.
     */
    static ListenerFaults faults(InheritedListener listener, FaultTimers timers, Random random) {
        List<Fault> configured;
        try {
            configured = Fault.decodeAll(listener.options().get(ListenerOptionKeys.FAULTS));
        } catch (IllegalArgumentException e) {
            throw badOption(listener, ListenerOptionKeys.FAULTS, "is not valid: " + e.getMessage());
        }
        if (!configured.isEmpty() && !takesFaults(listener.protocol())) {
            throw badOption(listener, ListenerOptionKeys.FAULTS, "is only for echo, proxy and echo-udp listeners");
        }
        return new ListenerFaults(listener.name(), configured, timers, random);
    }

    static boolean takesFaults(Protocol protocol) {
        return protocol == Protocol.ECHO || protocol == Protocol.PROXY || protocol == Protocol.ECHO_UDP;
    }

    /** The listener's access list; a bad one throws IllegalArgumentException naming the listener. */
    static AccessList access(InheritedListener listener) {
        try {
            return AccessList.parse(listener.option(ListenerOptionKeys.ACCESS, ""));
        } catch (IllegalArgumentException e) {
            throw badOption(listener, ListenerOptionKeys.ACCESS, "must be " + AccessList.ACCEPTED + ": " + e.getMessage());
        }
    }

    /** {@code listener 'db' (proxy): option upstream is required (host:port)}: names the listener and the option. */
    static IllegalArgumentException badOption(InheritedListener listener, String option, String rule) {
        return new IllegalArgumentException("listener '" + listener.name() + "' (" + listener.protocol().label()
                + "): option " + option + " " + rule);
    }
}
