package tcpecho.common.listener;

import tcpecho.common.launch.Protocol;

/**
 * The options of one protocol, one record per protocol that has any ({@link ProxyOptions},
 * {@link EchoUdpOptions}); the protocols without options of their own take {@link #NONE}.
 */
public sealed interface ProtocolOptions permits ProxyOptions, EchoUdpOptions, ProtocolOptions.None {

    /** For echo, daytime, discard and chargen. */
    None NONE = new None();

    /** The options of a protocol that takes none. */
    record None() implements ProtocolOptions {
    }

    /** Whether these are the options {@code protocol} takes. */
    static boolean fit(Protocol protocol, ProtocolOptions options) {
        return switch (protocol) {
            case PROXY -> options instanceof ProxyOptions;
            case ECHO_UDP -> options instanceof EchoUdpOptions;
            case ECHO, DAYTIME, DISCARD, CHARGEN -> options instanceof None;
        };
    }
}
