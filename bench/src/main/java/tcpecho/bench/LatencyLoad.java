package tcpecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import tcpecho.bench.net.EchoConnection;
import tcpecho.bench.net.EchoStream;
import tcpecho.bench.net.EventLoop;
import tcpecho.bench.net.Loops;
import tcpecho.bench.net.Pattern;

/**
 * Open-loop paced load: each connection sends a message every 1/rate seconds on a fixed
 * schedule, and a round trip is measured from the scheduled send time, so a stalled server
 * shows up in the percentiles instead of slowing the schedule (no coordinated omission).
 */
public final class LatencyLoad {
    /** {@code rate} is messages per second per connection. */
    /**
     * Round trips of messages scheduled in the first {@code warmupNanos} are verified but not
     * recorded: JIT compilation on a 2-core machine stalled echoes by up to 80 ms in the first
     * 0.7 s of a run, which says nothing about the server.
     */
    public record Settings(InetSocketAddress target, int connections, int rate, int messageSize,
                           long durationNanos, long warmupNanos, int threads, long seed, long timeoutNanos) {
    }

    /** Counts cover the measured period only, after the warm-up. */
    public record Result(long sent, long received, long elapsedNanos, LatencyStats latency, Failures failures) {
    }

    private final Settings settings;
    private final Loops loops;
    private final Failures failures = new Failures();
    private final LongAdder received = new LongAdder();
    private final List<Conn> conns = new CopyOnWriteArrayList<>();
    private final long intervalNanos;
    private volatile long scheduleStart;
    private volatile long measureFrom;

    private LatencyLoad(Settings settings) {
        this.settings = settings;
        this.loops = new Loops("latency", settings.threads());
        this.intervalNanos = TimeUnit.SECONDS.toNanos(1) / settings.rate();
    }

    public static LatencyLoad create(Settings settings) {
        if (settings.rate() < 1 || settings.connections() < 1 || settings.messageSize() < 1) {
            throw new IllegalArgumentException("rate, connections and messageSize must be >= 1: " + settings);
        }
        return new LatencyLoad(settings);
    }

    /** Connects, runs the schedule for the duration, drains the echoes and returns the result. */
    public Result run() throws InterruptedException {
        connectAll();
        scheduleStart = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10);
        measureFrom = scheduleStart + settings.warmupNanos();
        long end = measureFrom + settings.durationNanos();
        new Pacer(conns, intervalNanos, end).run();
        awaitDrained(end + settings.timeoutNanos());
        long elapsed = System.nanoTime() - measureFrom;
        conns.forEach(Conn::closeWithTimeouts);
        loops.stop();
        long sent = 0;
        LatencyStats all = new LatencyStats();
        for (Conn conn : conns) {
            sent += conn.sentMessages - conn.firstMeasured();
            all.add(conn.stats);
        }
        return new Result(sent, received.sum(), Math.min(elapsed, settings.durationNanos()), all, failures);
    }

    private void connectAll() throws InterruptedException {
        for (int t = 0; t < loops.size(); t++) {
            loops.get(t).start(now -> TimeUnit.MILLISECONDS.toNanos(100));
        }
        for (int c = 0; c < settings.connections(); c++) {
            EventLoop loop = loops.get(c);
            Pattern pattern = Pattern.random(settings.seed() + c, settings.messageSize(), 4096);
            Conn conn = new Conn(loop, new EchoStream(pattern), c);
            conns.add(conn);
            loop.execute(() -> conn.connect(settings.target()));
        }
        long deadline = System.nanoTime() + settings.timeoutNanos();
        while (System.nanoTime() < deadline && conns.stream().anyMatch(c -> !c.isConnected() && !c.isDone())) {
            Thread.sleep(5);
        }
        for (Conn conn : conns) {
            conn.loop().execute(() -> {
                if (!conn.isConnected()) {
                    conn.timeOut("not connected after " + TimeUnit.NANOSECONDS.toMillis(settings.timeoutNanos()) + " ms");
                }
            });
        }
    }

    private void awaitDrained(long deadline) throws InterruptedException {
        while (System.nanoTime() < deadline && conns.stream().anyMatch(c -> !c.isDone() && c.pending() > 0)) {
            Thread.sleep(2);
        }
    }

    public Failures failures() {
        return failures;
    }

    public long receivedMessages() {
        return received.sum();
    }

    /** One paced connection; sends happen on the pacer thread, reads on the loop thread. */
    final class Conn extends EchoConnection {
        private final LatencyStats stats = new LatencyStats();
        private final long phase;
        private ByteBuffer partial;
        private volatile long sentMessages;

        Conn(EventLoop loop, EchoStream stream, int index) {
            super(loop, stream, LatencyLoad.this.failures);
            // Spread connections over the interval so sends do not all land at once.
            this.phase = intervalNanos * index / settings.connections();
        }

        EventLoop loop() {
            return loop;
        }

        long intendedNanos(long message) {
            return scheduleStart + phase + message * intervalNanos;
        }

        long pending() {
            return stream.outstanding();
        }

        @Override
        protected void onConnected() {
            key.interestOps(SelectionKey.OP_READ);
        }

        @Override
        protected void onReadable() throws IOException {
            long before = stream.verified() / settings.messageSize();
            if (readAndVerify() <= 0) {
                return;
            }
            long now = System.nanoTime();
            long after = stream.verified() / settings.messageSize();
            for (long m = before; m < after; m++) {
                long intended = intendedNanos(m);
                if (intended >= measureFrom) {
                    stats.record(now - intended);
                    received.increment();
                }
            }
        }

        /** Pacer thread: sends every message due by {@code now}; returns false while a write is stuck. */
        boolean sendDue(long now, long end) throws IOException {
            if (isDone() || !isConnected()) {
                return true;
            }
            if (partial != null && !flush()) {
                return false;
            }
            while (intendedNanos(sentMessages) <= Math.min(now, end)) {
                int size = settings.messageSize();
                int from = (int) (sentMessages * size % stream.pattern().length());
                partial = stream.pattern().slice(from, size);
                // Counted before the write: the echo may be read before write() returns.
                stream.sent(size);
                sentMessages++;
                if (!flush()) {
                    return false;
                }
            }
            return true;
        }

        private boolean flush() throws IOException {
            channel.write(partial);
            if (partial.hasRemaining()) {
                return false;
            }
            partial = null;
            return true;
        }

        /** Index of the first message scheduled after the warm-up. */
        long firstMeasured() {
            long span = measureFrom - scheduleStart - phase;
            return span <= 0 ? 0 : (span + intervalNanos - 1) / intervalNanos;
        }

        long nextDue() {
            return intendedNanos(sentMessages);
        }

        void pacerFailed(IOException e) {
            loop.execute(() -> failed(e));
        }

        void closeWithTimeouts() {
            loop.execute(() -> {
                if (!isDone() && pending() > 0) {
                    timeOut((pending() + settings.messageSize() - 1) / settings.messageSize()
                            + " messages not echoed within the timeout");
                } else {
                    succeed();
                }
            });
        }
    }

    static final class Pacer {
        private final List<Conn> conns;
        private final long interval;
        private final long end;

        Pacer(List<Conn> conns, long interval, long end) {
            this.conns = new ArrayList<>(conns);
            this.interval = interval;
            this.end = end;
        }

        /**
         * parkNanos oversleeps by the kernel timer slack (about 50 us on Linux); that delay is
         * charged to the measured latency, which is the honest choice for an open-loop tool.
         */
        void run() {
            long now;
            while ((now = System.nanoTime()) < end) {
                long next = end;
                for (Conn conn : conns) {
                    if (conn.isDone() || !conn.isConnected()) {
                        continue;
                    }
                    try {
                        conn.sendDue(now, end);
                    } catch (IOException e) {
                        conn.pacerFailed(e);
                    }
                    next = Math.min(next, Math.max(conn.nextDue(), now + interval / 100));
                }
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }
}
