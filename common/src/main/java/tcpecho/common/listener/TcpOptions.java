package tcpecho.common.listener;

import java.util.Objects;
import tcpecho.common.tls.TlsOptions;

/**
 * What every TCP listener takes whatever its protocol (a UDP listener has {@link #NONE}).
 *
 * <p>To add an option for every TCP listener (TLS, PROXY protocol, faults): add a component here,
 * give {@link #NONE} its "off" value, and add its entry to the TCP section of
 * {@link ListenerOptionsCodec} (its key in {@link ListenerOptionKeys}, one line to write it, one
 * to read it back). The config fills it where it builds a listener's options; the worker reads it
 * from {@code listener.options().tcp()}. Nothing else carries it.
 *
 * @param perClient     what one client address may take of the listener
 * @param proxyProtocol whether connections begin with a PROXY protocol header, and from whom
 * @param tls           the listener's certificate and TLS settings; null for plain TCP
 */
public record TcpOptions(ClientLimits perClient, ProxyProtocolOptions proxyProtocol, TlsOptions tls) {
    /** No limits, no PROXY header, no TLS: a UDP listener's, and a TCP one's until its options are set. */
    public static final TcpOptions NONE = new TcpOptions(ClientLimits.OFF, ProxyProtocolOptions.OFF, null);

    public TcpOptions {
        Objects.requireNonNull(perClient, "perClient");
        Objects.requireNonNull(proxyProtocol, "proxyProtocol");
    }

    /** Without TLS. */
    public TcpOptions(ClientLimits perClient, ProxyProtocolOptions proxyProtocol) {
        this(perClient, proxyProtocol, null);
    }

    public TcpOptions withPerClient(ClientLimits limits) {
        return new TcpOptions(limits, proxyProtocol, tls);
    }

    public TcpOptions withProxyProtocol(ProxyProtocolOptions options) {
        return new TcpOptions(perClient, options, tls);
    }

    public TcpOptions withTls(TlsOptions options) {
        return new TcpOptions(perClient, proxyProtocol, options);
    }
}
