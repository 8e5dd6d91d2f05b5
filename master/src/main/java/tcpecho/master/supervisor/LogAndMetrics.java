package tcpecho.master.supervisor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.Objects;
import tcpecho.common.log.Log;
import tcpecho.config.Keys;
import tcpecho.config.Settings;
import tcpecho.master.net.ListenException;

/**
 * Where the master's own log and its metrics endpoint go, as the serving settings say: the
 * endpoint opens at start, a committed reload moves both, and USR1 or {@code reopen} reopens the
 * log file (after logrotate moved it).
 */
final class LogAndMetrics {
    private final MetricsPublisher metrics;
    private final Log log = Log.get();
    /** A metrics socket handed in at start, served once the workers serve ({@link #serveHandedInMetrics}). */
    private ServerSocketChannel handedInMetrics;

    LogAndMetrics(MetricsPublisher metrics) {
        this.metrics = metrics;
    }

    /**
     * At start a metrics address that cannot bind stops the master, so this throws. A socket
     * handed in on that address (by the master this one replaces, or systemd) is used instead of
     * binding, as the listeners' are: the old master holds the port until it exits. It is served
     * only once this master serves: until then the old master answers on it, and a probe of
     * {@code /ready} never hears "starting" from a master whose predecessor still serves.
     */
    void openMetrics(Settings settings, Listeners handedIn) throws IOException, ListenException {
        InetSocketAddress at = settings.metrics();
        handedInMetrics = at == null ? null : handedIn.claimStream(at);
        if (handedInMetrics != null) {
            log.info("metrics on http://" + settings.setting(Keys.METRICS).text() + "/metrics (handed in; served once the workers serve)");
            return;
        }
        metrics.listen(at);
        if (metrics.address() != null) {
            log.info("metrics on http://" + settings.setting(Keys.METRICS).text() + "/metrics");
        }
    }

    /** The first generation serves: a handed-in metrics socket is served from now on. */
    void serveHandedInMetrics(Settings settings) {
        if (handedInMetrics == null) {
            return;
        }
        try {
            metrics.listen(settings.metrics(), handedInMetrics);
        } catch (IOException failed) {
            log.error(failed.getMessage());
        }
        handedInMetrics = null;
    }

    /**
     * A reload committed: called only then, because a rejected or failed reload must leave the
     * master as it was. The log file is reopened only when its name changed.
     */
    void apply(Settings previous, Settings next) {
        log.setLevel(next.logLevel());
        log.setFormat(next.logFormat());
        if (!Objects.equals(previous.logFile(), next.logFile())) {
            reopenLogFile(next);
        }
        relistenMetrics(next);
    }

    void reopenLogFile(Settings settings) {
        try {
            log.setFile(settings.logFile());
        } catch (IOException failed) {
            log.error("cannot open log file " + settings.logFile() + ": " + failed.getMessage());
        }
    }

    /** A reload that changed {@code metrics} moves the endpoint; if the new one cannot bind, the old one stays. */
    private void relistenMetrics(Settings settings) {
        try {
            if (metrics.listen(settings.metrics())) {
                log.info(settings.metrics() == null ? "metrics off"
                        : "metrics now on http://" + settings.setting(Keys.METRICS).text() + "/metrics");
            }
        } catch (IOException failed) {
            log.error(failed.getMessage() + "; metrics stay where they were");
        }
    }
}
