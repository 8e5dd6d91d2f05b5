package tcpecho.master.supervisor;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tcpecho.common.wire.Message;
import tcpecho.master.control.ControlConnection;
import tcpecho.master.control.ControlListener;

/**
 * The master's one queue: signal handlers and the control server's thread only add to it; the
 * supervisor thread alone takes from it, so nothing else touches worker bookkeeping.
 */
final class Events implements ControlListener {
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    /** From a signal handler: only queues, as handlers must not do work. */
    void signal(String name) {
        queue.add(new Event.SignalReceived(name));
    }

    @Override
    public void received(ControlConnection connection, Message message) {
        queue.add(new Event.ControlMessage(connection, message));
    }

    @Override
    public void closed(ControlConnection connection) {
        queue.add(new Event.ControlClosed(connection));
    }

    /** The next event, waiting up to {@code millis} for one; null if none came. */
    Event next(long millis) throws InterruptedException {
        return queue.poll(millis, TimeUnit.MILLISECONDS);
    }

    /** The next event already queued, or null. */
    Event next() {
        return queue.poll();
    }
}
