package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import tcpecho.common.fault.Fault;

/**
 * One direction of one connection with faults: what is read goes in ({@link #offer}), is held as
 * long as the faults say, and goes out through its {@link Sink} when {@link #pump} finds it due.
 * The faults are folded into a few numbers when the connection opens: the latencies add up, the
 * smallest bandwidth and slice size win, the first byte limit or deadline ends the connection.
 *
 * <p>At most {@code maxHeld} bytes (max-unsent) are held: past that the owner stops reading, so a
 * fast sender behind a slow fault is slowed down, as behind a slow reader. Held bytes count in the
 * worker's {@link PendingBudget} too. Bandwidth is paced at the write, so the rate a client sees
 * stays under the cap even after it stalled; a write is at most 1/20 s of the rate.
 */
final class FaultChain implements FaultTimers.Wakeable {
    /** Where the chain's bytes and decisions go: the connection that owns it. */
    interface Sink {
        /** Writes toward the receiving side, as much as the socket takes; returns how much. */
        int send(ByteBuffer data) throws IOException;

        /** The faults end the connection, with RST when {@code reset}, else with FIN. */
        void end(boolean reset, String reason);

        /** All data before the EOF went out (and slow-close waited): pass the EOF on. */
        void passOnEof() throws IOException;

        /** Something became due; the owner calls {@link #pump} and updates its interest. */
        void wake(long now);
    }

    private static final long NONE = Long.MAX_VALUE;
    private static final long NANOS_PER_MICRO = 1000;
    /** How late a bandwidth wake-up may be and still count from when it was due, not from now. */
    private static final long PACE_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Sink sink;
    private final FaultTimers timers;
    private final PendingBudget budget;
    private final int maxHeld;
    private final Random random;
    private final FaultEffects effects;
    private final ArrayDeque<Segment> queue = new ArrayDeque<>();
    /** When the connection ends by time (timeout, reset-peer), else NONE. */
    private final long endAt;
    private int held;
    private long accepted;
    private long passed;
    private long lastDue;
    private long notBefore;
    private int sliceLeft;
    private boolean eof;
    private long eofReadyAt = NONE;
    private boolean eofPassed;
    private boolean blocked;
    private boolean ended;
    private FaultTimers.Entry wakeUp;

    /** Bytes read at one time, due at one time: latency holds them back together. */
    private static final class Segment {
        final ByteBuffer data;
        final long due;

        Segment(ByteBuffer data, long due) {
            this.data = data;
            this.due = due;
        }
    }

    private FaultChain(Sink sink, FaultTimers timers, PendingBudget budget, int maxHeld, Random random,
                       FaultEffects effects, long now) {
        this.sink = sink;
        this.timers = timers;
        this.budget = budget;
        this.maxHeld = maxHeld;
        this.random = random;
        this.effects = effects;
        this.endAt = effects.endAfterNanos() == NONE ? NONE : now + effects.endAfterNanos();
        this.lastDue = now;
        this.notBefore = now;
    }

    /** A chain for {@code faults}, or null when there are none: the caller then keeps its plain path. */
    static FaultChain of(List<Fault> faults, Sink sink, FaultTimers timers, IoContext io, Random random, long now) {
        if (faults.isEmpty()) {
            return null;
        }
        FaultChain chain = new FaultChain(sink, timers, io.budget(), io.maxUnsentBytes(), random,
                FaultEffects.of(faults), now);
        chain.schedule(chain.endAt);
        return chain;
    }

    /** How many bytes the owner may read now: what max-unsent leaves, 0 when it must not read. */
    int room() {
        return wantsRead() ? maxHeld - held : 0;
    }

    boolean wantsRead() {
        return !ended && !eof && held < maxHeld;
    }

    /** The last write came up short: the owner waits for OP_WRITE, then pumps. */
    boolean blocked() {
        return blocked;
    }

    int heldBytes() {
        return held;
    }

    /** Takes all of {@code data}: held until due, or dropped (timeout, past a byte limit, ended). */
    void offer(ByteBuffer data, long now) {
        int take = (int) Math.min(data.remaining(), effects.limitBytes() - accepted);
        if (ended || effects.dropAll() || take <= 0) {
            data.position(data.limit());
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(take);
        int end = data.limit();
        copy.put(data.limit(data.position() + take)).flip();
        data.limit(end).position(end);
        accepted += take;
        held += take;
        budget.take(take);
        lastDue = Math.max(lastDue, now + delayNanos());
        queue.add(new Segment(copy, lastDue));
    }

    /** The peer sent EOF; it is passed on after what is held, and after slow-close. */
    void eof() {
        eof = true;
    }

    /** Writes what is due and allowed; schedules a wake-up for the rest. */
    void pump(long now) throws IOException {
        blocked = false;
        if (ended) {
            return;
        }
        if (endAt != NONE && now - endAt >= 0) {
            end(effects.endReset(), effects.endReason());
            return;
        }
        for (Segment head = queue.peek(); head != null; head = queue.peek()) {
            long at = Math.max(head.due, notBefore);
            if (at - now > 0) {
                schedule(at);
                return;
            }
            if (!writeSome(head, now)) {
                return;
            }
            if (!head.data.hasRemaining()) {
                queue.poll();
            }
        }
        drained(now);
    }

    /** One write of the head: at most a slice, at most 1/20 s of the rate. False when the socket is full. */
    private boolean writeSome(Segment head, long now) throws IOException {
        int allowed = head.data.remaining();
        if (effects.sliceAverage() > 0) {
            if (sliceLeft == 0) {
                sliceLeft = effects.sliceAverage() - effects.sliceVariation()
                        + random.nextInt(2 * effects.sliceVariation() + 1);
                sliceLeft = Math.max(1, sliceLeft);
            }
            allowed = Math.min(allowed, sliceLeft);
        }
        if (effects.bytesPerSecond() > 0) {
            allowed = (int) Math.min(allowed, Math.max(1, effects.bytesPerSecond() / 20));
        }
        int end = head.data.limit();
        int written;
        try {
            written = sink.send(head.data.limit(head.data.position() + allowed));
        } finally {
            head.data.limit(end);
        }
        held -= written;
        budget.give(written);
        passed += written;
        if (effects.bytesPerSecond() > 0) {
            // A wake-up a little late keeps the schedule (else each timer's lateness is lost and a
            // fast rate falls short of its cap); one much later, after an idle or stalled peer,
            // starts afresh, so no burst follows a stall.
            long from = now - notBefore > PACE_SLACK_NANOS ? now : notBefore;
            notBefore = from + TimeUnit.SECONDS.toNanos(written) / effects.bytesPerSecond();
        }
        if (effects.sliceAverage() > 0) {
            sliceLeft -= written;
            if (sliceLeft == 0) {
                notBefore = Math.max(notBefore, now + effects.sliceDelayMicros() * NANOS_PER_MICRO);
            }
        }
        blocked = written < allowed;
        return !blocked;
    }

    /** Nothing held: end at the byte limit, or pass the EOF on once slow-close has waited. */
    private void drained(long now) throws IOException {
        if (passed >= effects.limitBytes()) {
            end(effects.limitReset(), effects.limitReason());
            return;
        }
        if (!eof || eofPassed) {
            return;
        }
        if (eofReadyAt == NONE) {
            eofReadyAt = now + effects.slowCloseNanos();
        }
        if (eofReadyAt - now > 0) {
            schedule(eofReadyAt);
            return;
        }
        eofPassed = true;
        sink.passOnEof();
    }

    private void end(boolean reset, String reason) {
        ended = true;
        sink.end(reset, reason);
    }

    /** Latency: the sum of every latency fault's delay, each with its own jitter. */
    private long delayNanos() {
        long delay = 0;
        for (long[] latency : effects.latencies()) {
            long jitter = latency[1] > 0 ? (long) ((random.nextDouble() * 2 - 1) * latency[1]) : 0;
            delay += Math.max(0, latency[0] + jitter);
        }
        return delay;
    }

    /** One wake-up at a time: an earlier one replaces the one pending. */
    private void schedule(long at) {
        long when = endAt == NONE || at != NONE && at - endAt < 0 ? at : endAt;
        if (when == NONE || wakeUp != null && wakeUp.at - when <= 0) {
            return;
        }
        timers.cancel(wakeUp);
        wakeUp = timers.schedule(when, this);
    }

    @Override
    public void wake(long now) {
        wakeUp = null;
        sink.wake(now);
    }

    /** The connection closed: gives the held bytes back to the budget and cancels the wake-up. */
    void release() {
        ended = true;
        budget.give(held);
        held = 0;
        queue.clear();
        timers.cancel(wakeUp);
        wakeUp = null;
    }
}
