package tcpecho.common.tls;

import java.util.Arrays;

/**
 * Which cipher suites a listener offers: TLS 1.3's (all AEAD) and, for TLS 1.2, only ephemeral
 * ECDHE key exchange with AES-GCM or ChaCha20-Poly1305: forward secrecy and no CBC (Lucky13,
 * padding oracles), no RSA key exchange, no SHA-1 MACs. A scanner (sslscan, testssl.sh) then finds
 * nothing weak to report; every client of the last decade has one of these.
 */
final class CipherPolicy {
    private CipherPolicy() {
    }

    static String[] strong(String[] supported) {
        return Arrays.stream(supported).filter(CipherPolicy::isStrong).toArray(String[]::new);
    }

    static boolean isStrong(String suite) {
        if (suite.equals("TLS_AES_128_GCM_SHA256") || suite.equals("TLS_AES_256_GCM_SHA384")
                || suite.equals("TLS_CHACHA20_POLY1305_SHA256")) {
            return true;
        }
        return suite.startsWith("TLS_ECDHE_") && (suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"));
    }
}
