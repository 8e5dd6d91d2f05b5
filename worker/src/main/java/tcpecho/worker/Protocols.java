package tcpecho.worker;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
    static ProtocolHandler forListener(InheritedListener listener, IoContext io, ListenerStats stats, int slot)
            throws IOException {
        List<String> known = new ArrayList<>(ListenerOptionKeys.PROXY_PROTOCOL_KEYS);
        if (listener.protocol() == Protocol.PROXY) {
            known.addAll(ListenerOptionKeys.PROXY);
            known.add(ListenerOptionKeys.SEND_PROXY_PROTOCOL);
        }
        checkOptions(listener, known);
        return switch (listener.protocol()) {
            case PROXY -> new Proxy(listener, ProxySettings.parse(listener), io, stats, slot);
            case ECHO -> EchoConnection.protocol(io, stats);
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
            boolean shared = key.equals(ListenerOptionKeys.ACCESS) || !listener.isDatagram() && ClientLimits.isOption(key);
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
     * The listener's PROXY protocol stage settings, or null without {@code proxy-protocol = true}.
     * {@code proxy-protocol-from} is required: a header from anyone would let anyone choose the
     * address the access list and the per-IP limits judge.
     */
    static ProxyProtocolSettings proxyProtocol(InheritedListener listener) {
        String on = listener.option(ListenerOptionKeys.PROXY_PROTOCOL, "false");
        if (!on.equals("true") && !on.equals("false")) {
            throw badOption(listener, ListenerOptionKeys.PROXY_PROTOCOL, "must be true or false (got '" + on + "')");
        }
        if (on.equals("false")) {
            return null;
        }
        AccessList trusted;
        try {
            trusted = AccessList.networks(listener.option(ListenerOptionKeys.PROXY_PROTOCOL_FROM, ""));
        } catch (IllegalArgumentException e) {
            throw badOption(listener, ListenerOptionKeys.PROXY_PROTOCOL_FROM, "must be " + AccessList.NETWORKS + ": "
                    + e.getMessage());
        }
        String timeout = listener.option(ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT,
                Long.toString(ProxyProtocolSettings.DEFAULT_TIMEOUT_MILLIS));
        long millis;
        try {
            millis = Long.parseLong(timeout);
        } catch (NumberFormatException notANumber) {
            millis = 0;
        }
        if (millis < 1) {
            throw badOption(listener, ListenerOptionKeys.PROXY_PROTOCOL_TIMEOUT,
                    "must be a whole number of milliseconds, at least 1 (got '" + timeout + "')");
        }
        return new ProxyProtocolSettings(trusted, millis);
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
