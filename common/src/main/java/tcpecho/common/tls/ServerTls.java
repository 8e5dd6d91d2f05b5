package tcpecho.common.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;

/**
 * A TLS listener's server side, built once from its {@link TlsOptions} when a worker starts (so a
 * reload, which starts new workers, re-reads the files) and by {@code check} and the reload's
 * validation, which therefore refuse exactly what a worker would. Hands out one {@link SSLEngine}
 * per accepted connection.
 */
public final class ServerTls {
    /**
     * The JDK's default server session cache holds 20,480 sessions for a day: strangers could fill
     * a 32 MiB worker heap with them by handshaking. A few hundred recent sessions keep resumption
     * useful for real clients.
     */
    static final int SESSION_CACHE_SIZE = 256;
    static final int SESSION_TIMEOUT_SECONDS = 3600;

    private final SSLContext context;
    private final TlsOptions options;
    private final X509Certificate leaf;
    private final String[] cipherSuites;

    private ServerTls(SSLContext context, TlsOptions options, X509Certificate leaf) {
        this.context = context;
        this.options = options;
        this.leaf = leaf;
        this.cipherSuites = CipherPolicy.strong(context.getSupportedSSLParameters().getCipherSuites());
    }

    /** Reads and checks the files: a missing, malformed or mismatched one throws naming the file and the reason. */
    public static ServerTls load(TlsOptions options) throws TlsFileException {
        List<X509Certificate> chain = PemFiles.certificates(options.cert());
        PrivateKey key = PemFiles.privateKey(options.key());
        checkPair(options.key(), key, options.cert(), chain.get(0));
        try {
            KeyManager[] keyManagers = {new FixedKeyManager(key, chain.toArray(new X509Certificate[0]))};
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, clientTrust(options.clientCa()), null);
            context.getServerSessionContext().setSessionCacheSize(SESSION_CACHE_SIZE);
            context.getServerSessionContext().setSessionTimeout(SESSION_TIMEOUT_SECONDS);
            return new ServerTls(context, options, chain.get(0));
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(options.cert(), "cannot be used with " + options.key() + ": " + e.getMessage());
        }
    }

    /** A server engine for one connection: our protocols and strong suites only, client certificates when mTLS. */
    public SSLEngine newEngine() {
        SSLEngine engine = context.createSSLEngine();
        engine.setUseClientMode(false);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setProtocols(options.protocols().toArray(new String[0]));
        parameters.setCipherSuites(cipherSuites);
        parameters.setUseCipherSuitesOrder(true);
        parameters.setNeedClientAuth(options.clientCa() != null);
        engine.setSSLParameters(parameters);
        return engine;
    }

    public TlsOptions options() {
        return options;
    }

    /** The certificate this listener presents. */
    public X509Certificate leaf() {
        return leaf;
    }

    /** The trust managers for client certificates: only the CAs of the bundle, never the JDK's defaults. */
    private static TrustManager[] clientTrust(Path bundle) throws TlsFileException, GeneralSecurityException {
        return bundle == null ? null : TrustedCas.of(bundle);
    }

    /**
     * The key must be the certificate's: a signature made with it must verify with the certificate's
     * public key. Caught here, a mismatch names both files; caught by a client, it is a handshake
     * failure on every connection.
     */
    static void checkPair(Path keyFile, PrivateKey key, Path certFile, X509Certificate cert) throws TlsFileException {
        PublicKey pub = cert.getPublicKey();
        if (!key.getAlgorithm().equals(pub.getAlgorithm())) {
            throw new TlsFileException(keyFile, "does not match " + certFile + ": the key is " + key.getAlgorithm()
                    + ", the certificate's is " + pub.getAlgorithm());
        }
        boolean same;
        if (key instanceof RSAPrivateKey rsa && pub instanceof RSAPublicKey rsaPublic) {
            // The modulus names an RSA key pair; comparing it costs nothing, where a 2048-bit signature
            // took most of a second of a starting worker's CPU.
            same = rsa.getModulus().equals(rsaPublic.getModulus());
        } else if (key.getAlgorithm().equals("EC")) {
            same = signs(keyFile, key, certFile, pub, "SHA256withECDSA");
        } else {
            throw new TlsFileException(keyFile, "holds a " + key.getAlgorithm() + " key; RSA or EC is needed");
        }
        if (!same) {
            throw new TlsFileException(keyFile, "does not match " + certFile
                    + " (the certificate's public key is another key's)");
        }
    }

    /** Whether a signature made with {@code key} verifies with {@code pub}. */
    private static boolean signs(Path keyFile, PrivateKey key, Path certFile, PublicKey pub, String algorithm)
            throws TlsFileException {
        byte[] probe = new byte[32];
        new SecureRandom().nextBytes(probe);
        try {
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(pub);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(keyFile, "cannot be checked against " + certFile + ": " + e.getMessage());
        }
    }
}
