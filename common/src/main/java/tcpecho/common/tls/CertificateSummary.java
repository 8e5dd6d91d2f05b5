package tcpecho.common.tls;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/** What {@code check} says about a listener's certificate: whose it is and until when, with a warning near the end. */
public record CertificateSummary(String subject, Instant notAfter, String serial) {
    /** Warn this long before expiry: a certificate renewed monthly (ACME renews at 30 days left) never trips it. */
    public static final Duration WARN_BEFORE = Duration.ofDays(14);

    public static CertificateSummary of(X509Certificate cert) {
        return new CertificateSummary(cert.getSubjectX500Principal().getName(), cert.getNotAfter().toInstant(),
                cert.getSerialNumber().toString(16));
    }

    /** A warning when the certificate has expired or expires within {@link #WARN_BEFORE} of {@code now}; else null. */
    public String warning(Instant now) {
        if (!notAfter.isAfter(now)) {
            return "certificate " + subject + " expired on " + notAfter;
        }
        Duration left = Duration.between(now, notAfter);
        if (left.compareTo(WARN_BEFORE) < 0) {
            return "certificate " + subject + " expires in " + left.toDays() + " day(s), on " + notAfter;
        }
        return null;
    }
}
