package tcpecho.common.launch;

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

    public ConnectionLimits {
        if (idleTimeoutMillis < 0) {
            throw new IllegalArgumentException("idle-timeout must not be negative, got " + idleTimeoutMillis);
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("max-connections must not be negative, got " + maxConnections);
        }
        if (lingerTimeoutMillis < 0) {
            throw new IllegalArgumentException("linger-timeout must not be negative, got " + lingerTimeoutMillis);
        }
    }
}
