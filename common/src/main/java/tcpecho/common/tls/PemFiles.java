package tcpecho.common.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads PEM certificates and PKCS#8 keys with the JDK alone (CertificateFactory, KeyFactory): the
 * worker loads no third-party library. Every failure is a {@link TlsFileException} naming the file
 * and what is wrong with it, as a reload or {@code check} reports it.
 */
public final class PemFiles {
    /** Files this size are not PEM certificates or keys; refusing them bounds what a typo can make us read. */
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC");

    private PemFiles() {
    }

    /** The certificates in {@code file}, in file order (a chain: leaf first); at least one. */
    public static List<X509Certificate> certificates(Path file) throws TlsFileException {
        String text = read(file);
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = BLOCK.matcher(text);
            while (block.find()) {
                if (block.group(1).equals("CERTIFICATE")) {
                    byte[] der = decode(file, block.group(2));
                    certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
                }
            }
        } catch (CertificateException e) {
            throw new TlsFileException(file, "is not a valid X.509 certificate: " + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new TlsFileException(file, "holds no PEM certificate (-----BEGIN CERTIFICATE-----)");
        }
        return certificates;
    }

    /** The PKCS#8 private key in {@code file}, RSA or EC. */
    public static PrivateKey privateKey(Path file) throws TlsFileException {
        Matcher block = BLOCK.matcher(read(file));
        while (block.find()) {
            switch (block.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(file, decode(file, block.group(2)));
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsFileException(file, "holds an encrypted key; the server has no"
                        + " passphrase to open it (decrypt it: openssl pkcs8 -in KEY -out KEY.pk8)");
                case "RSA PRIVATE KEY", "EC PRIVATE KEY" -> throw new TlsFileException(file, "holds a " + block.group(1)
                        + " (PKCS#1/SEC1), not PKCS#8 (convert it: openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pk8)");
                default -> {
                    // a certificate or parameters next to the key: look further
                }
            }
        }
        throw new TlsFileException(file, "holds no PEM private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws TlsFileException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (InvalidKeySpecException notThisAlgorithm) {
                // try the next
            } catch (GeneralSecurityException e) {
                throw new TlsFileException(file, "cannot be read: " + e.getMessage());
            }
        }
        throw new TlsFileException(file, "holds a PKCS#8 key that is neither RSA nor EC");
    }

    private static byte[] decode(Path file, String base64) throws TlsFileException {
        try {
            return Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new TlsFileException(file, "has a PEM block that is not valid base64: " + e.getMessage());
        }
    }

    private static String read(Path file) throws TlsFileException {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw new TlsFileException(file, "is larger than " + MAX_FILE_BYTES + " bytes: not a PEM file");
            }
            return new String(Files.readAllBytes(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsFileException(file, "cannot be read: " + describe(e));
        }
    }

    private static String describe(IOException e) {
        String name = e.getClass().getSimpleName();
        return switch (name) {
            case "NoSuchFileException" -> "no such file";
            case "AccessDeniedException" -> "permission denied";
            default -> e.getMessage() == null ? name : e.getMessage();
        };
    }
}
