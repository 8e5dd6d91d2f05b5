package tcpecho.common.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.Set;
import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust in exactly the CAs of one PEM bundle, never the JDK's defaults: what an mTLS listener checks
 * client certificates against, and what a client of a test CA trusts. Built from trust anchors
 * rather than a key store (no password-based encryption at start), without revocation checks (no
 * CRL or OCSP fetch may block the worker's loop during a handshake).
 */
public final class TrustedCas {
    private TrustedCas() {
    }

    public static TrustManager[] of(Path bundle) throws TlsFileException, GeneralSecurityException {
        Set<TrustAnchor> anchors = new HashSet<>();
        for (X509Certificate ca : PemFiles.certificates(bundle)) {
            anchors.add(new TrustAnchor(ca, null));
        }
        PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, new X509CertSelector());
        parameters.setRevocationEnabled(false);
        TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
        trust.init(new CertPathTrustManagerParameters(parameters));
        return trust.getTrustManagers();
    }

    /** A client context trusting only {@code bundle}'s CAs and presenting no certificate of its own. */
    public static SSLContext clientContext(Path bundle) throws TlsFileException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, of(bundle), null);
        return context;
    }
}
