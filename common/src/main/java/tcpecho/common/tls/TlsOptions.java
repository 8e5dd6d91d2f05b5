package tcpecho.common.tls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A TCP listener's TLS settings as they cross from the master to the worker: the PEM files (read
 * by the worker itself, so a key never travels on a command line), the protocol versions and how
 * long a handshake may take. The worker and {@code check} build the same {@link ServerTls} from it.
 *
 * @param cert                   PEM certificate chain, leaf first
 * @param key                    PEM PKCS#8 private key (RSA or EC) of the leaf
 * @param clientCa               PEM bundle of the CAs client certificates must chain to (mTLS); null for none
 * @param protocols              enabled versions, a subset of {@link #ALLOWED_PROTOCOLS}
 * @param handshakeTimeoutMillis how long a connection may take to finish its handshake
 */
public record TlsOptions(Path cert, Path key, Path clientCa, List<String> protocols, long handshakeTimeoutMillis) {
    public static final String CERT = "tls-cert";
    public static final String KEY = "tls-key";
    public static final String CLIENT_CA = "tls-client-ca";
    public static final String PROTOCOLS = "tls-protocols";
    public static final String HANDSHAKE_TIMEOUT = "tls-handshake-timeout";
    /** The listener option names, in the order config reports them. */
    public static final List<String> KEYS = List.of(CERT, KEY, CLIENT_CA, PROTOCOLS, HANDSHAKE_TIMEOUT);
    /** Nothing older: TLS 1.1 and 1.0 are deprecated (RFC 8996) and the JDK disables them anyway. */
    public static final List<String> ALLOWED_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    public static final List<String> DEFAULT_PROTOCOLS = ALLOWED_PROTOCOLS;
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    public TlsOptions {
        Objects.requireNonNull(cert, CERT);
        Objects.requireNonNull(key, KEY);
        protocols = List.copyOf(protocols);
        if (protocols.isEmpty() || !ALLOWED_PROTOCOLS.containsAll(protocols)) {
            throw new IllegalArgumentException(PROTOCOLS + " must be one or both of " + String.join(", ", ALLOWED_PROTOCOLS)
                    + " (got " + String.join(",", protocols) + ")");
        }
        if (handshakeTimeoutMillis < 1) {
            throw new IllegalArgumentException(HANDSHAKE_TIMEOUT + " must be at least 1 ms (got " + handshakeTimeoutMillis + ")");
        }
    }

    /** Whether any TLS option is among {@code options}: then the listener speaks TLS. */
    public static boolean isSet(Map<String, String> options) {
        return options.containsKey(CERT) || options.containsKey(KEY);
    }

    /** Whether {@code key} is one of these options rather than the protocol's own. */
    public static boolean isOption(String key) {
        return KEYS.contains(key);
    }

    /** The options as a listener's option map carries them (the timeout in milliseconds, protocols comma-separated). */
    public Map<String, String> toOptions() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(CERT, cert.toString());
        options.put(KEY, key.toString());
        if (clientCa != null) {
            options.put(CLIENT_CA, clientCa.toString());
        }
        options.put(PROTOCOLS, String.join(",", protocols));
        options.put(HANDSHAKE_TIMEOUT, Long.toString(handshakeTimeoutMillis));
        return options;
    }

    /** Read back from a listener's options; null when the listener has none. Throws naming the option when malformed. */
    public static TlsOptions of(Map<String, String> options) {
        if (!isSet(options)) {
            return null;
        }
        String cert = options.get(CERT);
        String key = options.get(KEY);
        if (cert == null || key == null) {
            throw new IllegalArgumentException("option " + (cert == null ? CERT : KEY) + " is required with "
                    + (cert == null ? KEY : CERT));
        }
        List<String> protocols = new ArrayList<>();
        for (String p : options.getOrDefault(PROTOCOLS, String.join(",", DEFAULT_PROTOCOLS)).split(",")) {
            if (!p.isBlank()) {
                protocols.add(p.strip());
            }
        }
        long timeout;
        try {
            timeout = Long.parseLong(options.getOrDefault(HANDSHAKE_TIMEOUT, Long.toString(DEFAULT_HANDSHAKE_TIMEOUT_MILLIS)));
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException("option " + HANDSHAKE_TIMEOUT + " must be a whole number of milliseconds (got '"
                    + options.get(HANDSHAKE_TIMEOUT) + "')");
        }
        String ca = options.get(CLIENT_CA);
        return new TlsOptions(Path.of(cert), Path.of(key), ca == null ? null : Path.of(ca), protocols, timeout);
    }
}
