package tcpecho.common.launch;

import java.util.List;

/**
 * How a worker treats its client connections, as the master's settings say.
 *
 * @param idleTimeoutMillis close a connection silent for this long; 0 never does
 * @param maxConnections    open connections at which the worker stops accepting; 0 means no limit
 * @param tcpNoDelay        TCP_NODELAY on each accepted connection
 * @param keepAlive         SO_KEEPALIVE on each accepted connection
 * @param sendReset         close idle-timed-out connections with RST (SO_LINGER 0) instead of FIN
 */
public record ConnectionLimits(long idleTimeoutMillis, int maxConnections, boolean tcpNoDelay, boolean keepAlive,
                               boolean sendReset) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(0, 10_000, true, false, false);

    public ConnectionLimits {
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idle timeout must not be negative, got " + idleTimeoutMillis);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must not be negative, got " + maxConnections);
        }
    }

    List<String> toArgs() {
        return List.of(
                "--idle-timeout-ms", Long.toString(idleTimeoutMillis),
                "--max-connections", Integer.toString(maxConnections),
                "--tcp-nodelay", Boolean.toString(tcpNoDelay),
                "--keepalive", Boolean.toString(keepAlive),
                "--send-reset", Boolean.toString(sendReset));
    }

    /** This with one worker option applied, or null when {@code option} is not one of ours. */
    ConnectionLimits with(String option, String value) {
        return switch (option) {
            case "--idle-timeout-ms" -> new ConnectionLimits(Long.parseLong(value), maxConnections, tcpNoDelay,
                    keepAlive, sendReset);
            case "--max-connections" -> new ConnectionLimits(idleTimeoutMillis, Integer.parseInt(value), tcpNoDelay,
                    keepAlive, sendReset);
            case "--tcp-nodelay" -> new ConnectionLimits(idleTimeoutMillis, maxConnections, bool(option, value),
                    keepAlive, sendReset);
            case "--keepalive" -> new ConnectionLimits(idleTimeoutMillis, maxConnections, tcpNoDelay,
                    bool(option, value), sendReset);
            case "--send-reset" -> new ConnectionLimits(idleTimeoutMillis, maxConnections, tcpNoDelay, keepAlive,
                    bool(option, value));
            default -> null;
        };
    }

    /** Boolean.parseBoolean reads any typo as false; a worker option is written by us, so be strict. */
    private static boolean bool(String option, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("option " + option + " must be true or false, got " + value);
        }
        return value.equals("true");
    }
}
