package tcpecho.worker;

import java.io.IOException;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.listener.ProxyOptions;

/** Maps a listener's protocol to its handler. */
final class Protocols {

    private Protocols() {
    }

    /**
     * The protocol serving {@code listener}'s TCP connections, each connection's transport from
     * {@code transports} (plain, or the listener's TLS); a proxy whose upstream does not resolve
     * throws IllegalArgumentException naming the listener. Not for {@code echo-udp}, which has no
     * accepted connections.
     */
    static ProtocolHandler forListener(InheritedListener listener, IoContext io, ListenerStats stats, int slot,
                                       TransportFactory transports, ListenerFaults faults) throws IOException {
        return switch (listener.protocol()) {
            case PROXY -> new Proxy(listener, (ProxyOptions) listener.options().protocol(), io, stats, slot, transports,
                    faults);
            case ECHO -> EchoConnection.protocol(io, stats, transports, faults);
            case DAYTIME -> DaytimeConnection.protocol(io, stats, transports);
            case DISCARD -> DiscardConnection.protocol(io, stats, transports);
            case CHARGEN -> ChargenConnection.protocol(io, stats, transports);
            case ECHO_UDP -> throw new IllegalStateException("listener '" + listener.name() + "' ("
                    + listener.protocol().label() + ") has no connection handler");
        };
    }
}
