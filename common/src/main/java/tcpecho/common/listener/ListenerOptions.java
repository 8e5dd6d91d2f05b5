package tcpecho.common.listener;

import java.util.List;
import java.util.Objects;
import tcpecho.common.fault.Fault;
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
 * @param faults   the config's faults (echo, proxy and echo-udp only); those added at run time come by FAULTS
 */
public record ListenerOptions(AccessList access, TcpOptions tcp, ProtocolOptions protocol, List<Fault> faults) {
    /** An echo, daytime, discard or chargen listener open to everyone, without limits. */
    public static final ListenerOptions NONE = new ListenerOptions(AccessList.ALLOW_ALL, TcpOptions.NONE,
            ProtocolOptions.NONE);

    public ListenerOptions {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(tcp, "tcp");
        Objects.requireNonNull(protocol, "protocol");
        faults = List.copyOf(faults);
    }

    /** Without faults. */
    public ListenerOptions(AccessList access, TcpOptions tcp, ProtocolOptions protocol) {
        this(access, tcp, protocol, List.of());
    }

    /** The options {@code protocol} starts from: no access rules, no limits, and {@code own} as its protocol's. */
    public static ListenerOptions of(ProtocolOptions own) {
        return new ListenerOptions(AccessList.ALLOW_ALL, TcpOptions.NONE, own);
    }

    /** Whether these are options {@code protocol} takes: its protocol's record, and no TCP options on UDP. */
    public boolean fit(Protocol protocol) {
        return ProtocolOptions.fit(protocol, this.protocol) && (!protocol.isDatagram() || tcp.equals(TcpOptions.NONE))
                && (faults.isEmpty() || takesFaults(protocol));
    }

    /** Echo, proxy and echo-udp listeners may carry faults; daytime, discard and chargen not. */
    public static boolean takesFaults(Protocol protocol) {
        return protocol == Protocol.ECHO || protocol == Protocol.PROXY || protocol == Protocol.ECHO_UDP;
    }

    public ListenerOptions withFaults(List<Fault> list) {
        return new ListenerOptions(access, tcp, protocol, list);
    }

    public ListenerOptions withAccess(AccessList list) {
        return new ListenerOptions(list, tcp, protocol, faults);
    }

    public ListenerOptions withTcp(TcpOptions options) {
        return new ListenerOptions(access, options, protocol, faults);
    }

    public ListenerOptions withProtocol(ProtocolOptions options) {
        return new ListenerOptions(access, tcp, options, faults);
    }
}
