package tcpecho.worker;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultType;
import tcpecho.common.wire.DropReason;

/**
 * An echo-udp listener's faults, per datagram: each fault's toxicity is rolled, {@code loss} drops
 * the datagram, {@code latency} holds its answer back. Held answers are copies, at most max-unsent
 * bytes of them per listener; one past that is dropped and counted, as UDP drops rather than queues.
 */
final class UdpFaults implements FaultTimers.Wakeable {
    /** Sends a held answer, as the listener sends any. */
    interface Sender {
        void send(ByteBuffer data, SocketAddress to);
    }

    private record Held(ByteBuffer data, SocketAddress to, long due) {
    }

    private final ListenerFaults faults;
    private final ListenerStats stats;
    private final Sender sender;
    private final int maxHeld;
    private final ArrayDeque<Held> queue = new ArrayDeque<>();
    private int held;
    private long lastDue;
    private FaultTimers.Entry wakeUp;

    UdpFaults(ListenerFaults faults, ListenerStats stats, Sender sender, int maxHeld) {
        this.faults = faults;
        this.stats = stats;
        this.sender = sender;
        this.maxHeld = maxHeld;
    }

    boolean isEmpty() {
        return faults.isEmpty();
    }

    /** Answers {@code data} now, later, or never, as the faults say. */
    void answer(ByteBuffer data, SocketAddress to, long now) {
        long delay = 0;
        for (Fault fault : faults.active()) {
            if (fault.toxicity() < 1 && faults.random.nextDouble() >= fault.toxicity()) {
                continue;
            }
            if (fault.type() == FaultType.LOSS && faults.random.nextDouble() < fault.get("probability")) {
                stats.dropped(DropReason.FAULT_LOSS, to);
                return;
            }
            if (fault.type() == FaultType.LATENCY) {
                long jitter = (long) ((faults.random.nextDouble() * 2 - 1) * fault.get("jitter"));
                delay += TimeUnit.MILLISECONDS.toNanos(Math.max(0, (long) fault.get("latency") + jitter));
            }
        }
        if (delay == 0) {
            sender.send(data, to);
        } else if (held + data.remaining() > maxHeld) {
            stats.dropped(DropReason.FAULT_HELD_FULL, to);
        } else {
            hold(data, to, now + delay);
        }
    }

    private void hold(ByteBuffer data, SocketAddress to, long due) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining()).put(data).flip();
        held += copy.capacity();
        // Answers leave in arrival order: a datagram never overtakes an earlier one.
        lastDue = queue.isEmpty() ? due : Math.max(lastDue, due);
        queue.add(new Held(copy, to, lastDue));
        if (wakeUp == null) {
            wakeUp = faults.timers.schedule(lastDue, this);
        }
    }

    @Override
    public void wake(long now) {
        wakeUp = null;
        for (Held first = queue.peek(); first != null; first = queue.peek()) {
            if (first.due() - now > 0) {
                wakeUp = faults.timers.schedule(first.due(), this);
                return;
            }
            queue.poll();
            held -= first.data().capacity();
            sender.send(first.data(), first.to());
        }
    }

    /** Drops what is held, at worker exit. */
    void release() {
        queue.clear();
        held = 0;
        faults.timers.cancel(wakeUp);
        wakeUp = null;
    }
}
