package tcpecho.common.launch;

import java.util.List;

/**
 * How a worker treats its client connections, as the master's settings say.
 *
 * @param idleTimeoutMillis   close a connection silent for this long; 0 never does
 * @param maxConnections      open connections at which the worker stops accepting; 0 means no limit
 * @param tcpNoDelay          TCP_NODELAY on each accepted connection
 * @param keepAlive           SO_KEEPALIVE on each accepted connection
 * @param sendReset           close idle-timed-out connections with RST (SO_LINGER 0) instead of FIN
 * @param lingerTimeoutMillis after the worker itself closes a connection with FIN, how long it waits for
 *                            the client to close its side, discarding what the client still sends; 0 closes at once
 */
public record ConnectionLimits(long idleTimeoutMillis, int maxConnections, boolean tcpNoDelay, boolean keepAlive,
                               boolean sendReset, long lingerTimeoutMillis) {

    public static final ConnectionLimits DEFAULTS = new ConnectionLimits(0, 10_000, true, false, false, 5_000);

    public ConnectionLimits {
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idle timeout must not be negative, got " + idleTimeoutMillis);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max connections must not be negative, got " + maxConnections);
        }
        if (lingerTimeoutMillis < 0) {
            throw new IllegalArgumentException("linger timeout must not be negative, got " + lingerTimeoutMillis);
        }
    }

    List<String> toArgs() {
        return List.of(
                "--idle-timeout-ms", Long.toString(idleTimeoutMillis),
                "--max-connections", Integer.toString(maxConnections),
                "--tcp-nodelay", Boolean.toString(tcpNoDelay),
                "--keepalive", Boolean.toString(keepAlive),
                "--send-reset", Boolean.toString(sendReset),
                "--linger-timeout-ms", Long.toString(lingerTimeoutMillis));
    }

    /** This with one worker option applied, or null when {@code option} is not one of ours. */
    ConnectionLimits with(String option, String value) {
        long idle = idleTimeoutMillis;
        int max = maxConnections;
        boolean noDelay = tcpNoDelay;
        boolean alive = keepAlive;
        boolean reset = sendReset;
        long linger = lingerTimeoutMillis;
        switch (option) {
            case "--idle-timeout-ms" -> idle = Long.parseLong(value);
            case "--max-connections" -> max = Integer.parseInt(value);
            case "--tcp-nodelay" -> noDelay = bool(option, value);
            case "--keepalive" -> alive = bool(option, value);
            case "--send-reset" -> reset = bool(option, value);
            case "--linger-timeout-ms" -> linger = Long.parseLong(value);
            default -> {
                return null;
            }
        }
        return new ConnectionLimits(idle, max, noDelay, alive, reset, linger);
    }

    /** Boolean.parseBoolean reads any typo as false; a worker option is written by us, so be strict. */
    static boolean bool(String option, String value) {
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException("option " + option + " must be true or false, got " + value);
        }
        return value.equals("true");
    }
}
