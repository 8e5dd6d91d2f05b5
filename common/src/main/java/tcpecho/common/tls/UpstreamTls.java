package tcpecho.common.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/**
 * A proxy's client side of TLS to its upstream ({@code upstream-tls}), built once when a worker
 * starts and by the config's validation, which therefore refuses exactly the bundle a worker would.
 * The upstream's certificate must chain to the JDK's default trust store, or only to the CAs of
 * {@code upstream-tls-ca} when given, and must name the upstream as written in {@code upstream}: a
 * host name against its DNS names, a literal address against its IP addresses (the JDK's HTTPS
 * rule, RFC 2818). TLS 1.3 and 1.2 with the same strong suites as the listeners.
 */
public final class UpstreamTls {
    private final SSLContext context;
    private final String[] cipherSuites;

    private UpstreamTls(SSLContext context) {
        this.context = context;
        this.cipherSuites = CipherPolicy.strong(context.getSupportedSSLParameters().getCipherSuites());
    }

    /** Trusting {@code caBundle}'s CAs, or the JDK's default trust store when null; a bad bundle names the file. */
    public static UpstreamTls load(Path caBundle) throws TlsFileException {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, caBundle == null ? null : TrustedCas.of(caBundle), null);
            return new UpstreamTls(context);
        } catch (GeneralSecurityException e) {
            if (caBundle == null) {
                throw new IllegalStateException("the JDK's default trust store cannot be used: " + e.getMessage(), e);
            }
            throw new TlsFileException(caBundle, "cannot be used as a trust store: " + e.getMessage());
        }
    }

    /** A client engine for one connection to {@code host}:{@code port}, verifying the certificate names {@code host}. */
    public SSLEngine newEngine(String host, int port) {
        SSLEngine engine = context.createSSLEngine(host, port);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(TlsOptions.DEFAULT_PROTOCOLS.toArray(new String[0]));
        parameters.setCipherSuites(cipherSuites);
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isLiteralAddress(host)) {
            // SNI carries names only (RFC 6066): an upstream serving several names picks its certificate by it.
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    /** An IPv6 literal has a colon, an IPv4 one only digits and dots; anything else is a name. */
    static boolean isLiteralAddress(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }
}
