package tcpecho.master.metrics;

import java.time.Duration;

/**
 * What one stranger can make the metrics endpoint hold: {@code maxConnections} open connections in
 * all (one is closed to make room for a new one: see HttpLoop#makeRoom), {@code maxHeadBytes} of request per
 * connection, each kept at most the request timeout, then the write timeout, then the linger.
 * So at most maxConnections x maxHeadBytes of buffers (64 x 8 KiB = 512 KiB) plus the responses.
 */
record HttpLimits(int maxConnections, int maxHeadBytes, long requestTimeoutNanos, long writeTimeoutNanos,
                  long lingerNanos) {
    /**
     * Prometheus sends a head of about 250 bytes and scrapes from a few servers at most; 5 s is as
     * long as a scrape on a loaded machine should need to send one, and a client that does not read
     * its response (tens of KiB, mostly taken by the socket buffer at once) for 10 s is stalled.
     */
    static final HttpLimits DEFAULT = new HttpLimits(64, 8192, Duration.ofSeconds(5).toNanos(),
            Duration.ofSeconds(10).toNanos(), Duration.ofSeconds(2).toNanos());
}
