package tcpecho.common.tls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A TCP listener's TLS settings ({@code TcpOptions.tls}) as they cross from the master to the
 * worker: the PEM files (read by the worker itself, so a key never travels on a command line), the
 * protocol versions and how long a handshake may take. The worker and {@code check} build the same {@link ServerTls} from it.
 *
 * @param cert                   PEM certificate chain, leaf first
 * @param key                    PEM PKCS#8 private key (RSA or EC) of the leaf
 * @param clientCa               PEM bundle of the CAs client certificates must chain to (mTLS); null for none
 * @param protocols              enabled versions, a subset of {@link #ALLOWED_PROTOCOLS}
 * @param handshakeTimeoutMillis how long a connection may take to finish its handshake
 */
public record TlsOptions(Path cert, Path key, Path clientCa, List<String> protocols, long handshakeTimeoutMillis) {
    /** Nothing older: TLS 1.1 and 1.0 are deprecated (RFC 8996) and the JDK disables them anyway. */
    public static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> DEFAULT_PROTOCOLS = ALLOWED_PROTOCOLS;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    public TlsOptions {
        Objects.requireNonNull(cert, "tls-cert");
        Objects.requireNonNull(key, "tls-key");
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException("tls-protocols must be one or both of " + String.join(", ", ALLOWED_PROTOCOLS)
                    + " (got " + String.join(",", protocols) + ")");
        }
        if (handshakeTimeoutMillis < 1) {
            throw new IllegalArgumentException("tls-handshake-timeout must be at least 1 ms (got " + handshakeTimeoutMillis + ")");
        }
    }
}
