package tcpecho.worker;

import java.time.Instant;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.log.Log;
import tcpecho.common.tls.CertificateSummary;
import tcpecho.common.tls.ServerTls;
import tcpecho.common.tls.TlsFileException;
import tcpecho.common.tls.TlsOptions;

/**
 * Builds each listener's transports at worker start: plain, or TLS from the listener's files, read
 * now (a reload starts new workers, so it re-reads them). The TLS listeners share one set of
 * scratch buffers, made with the first of them.
 */
final class TlsSetup {
    private final PendingBudget budget;
    private TlsBuffers buffers;

    TlsSetup(PendingBudget budget) {
        this.budget = budget;
    }

    /** A bad option throws IllegalArgumentException, a bad file TlsFileException, each naming it. */
    TransportFactory transportsFor(InheritedListener listener) throws TlsFileException {
        TlsOptions options = listener.options().tcp().tls();
        if (options == null) {
            return TransportFactory.PLAIN;
        }
        ServerTls tls;
        try {
            tls = ServerTls.load(options);
        } catch (TlsFileException e) {
            throw new TlsFileException(e.file(), "(listener '" + listener.name() + "'): "
                    + e.getMessage().substring(e.file().toString().length() + 1));
        }
        if (buffers == null) {
            buffers = new TlsBuffers(tls.newEngine().getSession());
        }
        CertificateSummary cert = CertificateSummary.of(tls.leaf());
        Log.get().info("listener '" + listener.name() + "': TLS " + String.join(", ", options.protocols())
                + (options.clientCa() != null ? ", client certificates required" : "") + "; certificate " + cert.subject()
                + ", serial " + cert.serial() + ", expires " + cert.notAfter());
        String warning = cert.warning(Instant.now());
        if (warning != null) {
            Log.get().warn("listener '" + listener.name() + "': " + warning);
        }
        return new TlsListener(tls, buffers, budget);
    }
}
