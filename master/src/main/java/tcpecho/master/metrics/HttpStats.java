package tcpecho.master.metrics;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the metrics endpoint did with its own clients: responses by status, and connections closed
 * without one because they stalled (request or write timeout) or were the oldest when a new one
 * needed the room. Touched only by the endpoint's thread, which also renders it.
 */
final class HttpStats {
    final Map<Integer, Long> responses = new TreeMap<>();
    long timedOut;
    long evicted;

    void answered(int status) {
        responses.merge(status, 1L, Long::sum);
    }
}
