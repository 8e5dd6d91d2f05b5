package tcpecho.common.listener;

import java.util.Objects;
import tcpecho.common.launch.Protocol;
import tcpecho.common.net.AccessList;

/**
 * Everything a listener is configured with besides where it binds, typed: the config validates the
 * user's keys once and fills these; the master hands them to the worker through
 * {@link ListenerOptionsCodec} on the worker's command line; the worker reads them as they are.
 *
 * @param access   who may use the listener (every protocol); {@link AccessList#ALLOW_ALL} for everyone
 * @param tcp      what every TCP listener takes; {@link TcpOptions#NONE} for a UDP one
 * @param protocol the options of the listener's protocol
 */
public record ListenerOptions(AccessList access, TcpOptions tcp, ProtocolOptions protocol) {
    /** An echo, daytime, discard or chargen listener open to everyone, without limits. */
    public static final ListenerOptions NONE = new ListenerOptions(AccessList.ALLOW_ALL, TcpOptions.NONE,
            ProtocolOptions.NONE);

    public ListenerOptions {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(protocol, "protocol");
    }

    /** The options {@code protocol} starts from: no access rules, no limits, and {@code own} as its protocol's. */
    public static ListenerOptions of(ProtocolOptions own) {
        return new ListenerOptions(AccessList.ALLOW_ALL, TcpOptions.NONE, own);
    }

    /** Whether these are options {@code protocol} takes: its protocol's record, and no TCP options on UDP. */
    public boolean fit(Protocol protocol) {
        return ProtocolOptions.fit(protocol, this.protocol) && (!protocol.isDatagram() || tcp.equals(TcpOptions.NONE));
    }

    public ListenerOptions withAccess(AccessList list) {
        return new ListenerOptions(list, tcp, protocol);
    }

    public ListenerOptions withTcp(TcpOptions options) {
        return new ListenerOptions(access, options, protocol);
    }

    public ListenerOptions withProtocol(ProtocolOptions options) {
        return new ListenerOptions(access, tcp, options);
    }
}
