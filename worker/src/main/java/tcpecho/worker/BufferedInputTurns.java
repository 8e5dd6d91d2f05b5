package tcpecho.worker;

import java.util.ArrayList;
import java.util.List;
import tcpecho.worker.TransportFactory.TransportOwner;

/**
 * Connections whose transport holds input no socket event will announce (TLS decrypts a record at
 * a time, so a read may leave whole records behind): each gets its next turn after every other
 * connection's, from the event loop's housekeeping. One per worker, for TLS listeners and
 * upstream-tls proxies alike; a worker without TLS never adds to it.
 */
final class BufferedInputTurns implements Timed {
    private List<TransportOwner> waiting = new ArrayList<>();

    /** {@code owner} holds input it can read now: it gets its turn after this one. */
    void later(TransportOwner owner) {
        waiting.add(owner);
    }

    @Override
    public long nanosUntilDue(long now) {
        return waiting.isEmpty() ? Long.MAX_VALUE : 0;
    }

    @Override
    public void runTimers(long now) {
        if (waiting.isEmpty()) {
            return;
        }
        // Swapped first: an owner that still holds input after its turn queues for the next one.
        List<TransportOwner> due = waiting;
        waiting = new ArrayList<>();
        for (TransportOwner owner : due) {
            if (!owner.isClosed()) {
                owner.resume();
            }
        }
    }
}
