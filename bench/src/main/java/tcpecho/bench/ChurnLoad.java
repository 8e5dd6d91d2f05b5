package tcpecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import tcpecho.bench.net.EchoConnection;
import tcpecho.bench.net.EchoStream;
import tcpecho.bench.net.EventLoop;
import tcpecho.bench.net.Loops;
import tcpecho.bench.net.Pattern;

/**
 * Connection churn: new connections at a target rate, each connect, send one message, read and
 * check the echo, close. Usable from tests: start it, disturb the server, then {@link #stop()}.
 *
 * <pre>{@code
 * ChurnLoad load = ChurnLoad.start("127.0.0.1", port, 500, 64);
 * ... reload or kill workers ...
 * ChurnLoad.Result r = load.stop();
 * assertEquals(0, r.failureCount(), r.toString());
 * }</pre>
 */
public final class ChurnLoad {
    /**
     * {@code rate} is new connections per second in total, 0 for as fast as {@code concurrency}
     * connections in flight allow; {@code concurrency} caps connections in flight in both cases.
     */
    public record Settings(InetSocketAddress target, int rate, int payloadSize, int concurrency,
                           long timeoutNanos, int threads, long seed) {
    }

    /** Attempts started, echoes verified, failures by kind, over {@code elapsedNanos}. */
    public record Result(long attempts, long successes, Map<FailureKind, Long> failures, long elapsedNanos) {
        public long failureCount() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        public double successesPerSecond() {
            return elapsedNanos == 0 ? 0 : successes * 1e9 / elapsedNanos;
        }
    }

    public static final long DEFAULT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Settings settings;
    private final Loops loops;
    private final Failures failures = new Failures();
    private final AtomicLong attempts = new AtomicLong();
    private final AtomicLong successes = new AtomicLong();
    private final long startNanos = System.nanoTime();
    private volatile boolean stopping;

    private ChurnLoad(Settings settings) {
        this.settings = settings;
        this.loops = new Loops("churn", settings.threads());
    }

    /**
     * Starts churn against a loopback {@code host} with one loop thread, a 5 s timeout and at
     * most 50 (rate 0) or 1000 connections in flight.
     *
     * @throws IllegalArgumentException if the host is not loopback or a number is out of range
     */
    public static ChurnLoad start(String host, int port, int rate, int payloadSize) {
        InetSocketAddress target = Target.resolve(host, port, false);
        int concurrency = rate == 0 ? 50 : 1000;
        return start(new Settings(target, rate, payloadSize, concurrency, DEFAULT_TIMEOUT_NANOS, 1, 1));
    }

    public static ChurnLoad start(Settings settings) {
        if (settings.rate() < 0 || settings.payloadSize() < 1 || settings.concurrency() < 1 || settings.threads() < 1) {
            throw new IllegalArgumentException("rate must be >= 0 and payloadSize, concurrency, threads >= 1: " + settings);
        }
        ChurnLoad load = new ChurnLoad(settings);
        for (int i = 0; i < settings.threads(); i++) {
            EventLoop loop = load.loops.get(i);
            loop.start(load.new Pacer(loop, i)::tick);
        }
        return load;
    }

    /** Counts so far, while the load runs. */
    public Result snapshot() {
        return new Result(attempts.get(), successes.get(), failures.snapshot(), System.nanoTime() - startNanos);
    }

    public Failures failures() {
        return failures;
    }

    /** Stops starting connections, abandons those in flight (not counted) and returns the result. */
    public Result stop() {
        stopping = true;
        Result result = snapshot();
        loops.stop();
        return result;
    }

    /** Per loop: starts attempts on schedule and times out the oldest ones in flight. */
    private final class Pacer {
        private final EventLoop loop;
        private final int index;
        private final double ratePerNano;
        private final int maxInFlight;
        private final ArrayDeque<Attempt> inFlight = new ArrayDeque<>();
        private final long loopStart = System.nanoTime();
        private long started;
        private int open;

        Pacer(EventLoop loop, int index) {
            this.loop = loop;
            this.index = index;
            this.ratePerNano = settings.rate() / 1e9 / settings.threads();
            this.maxInFlight = Math.max(1, settings.concurrency() / settings.threads());
        }

        long tick(long now) {
            expire(now);
            if (stopping) {
                return TimeUnit.MILLISECONDS.toNanos(50);
            }
            long due = settings.rate() == 0 ? Long.MAX_VALUE : (long) ((now - loopStart) * ratePerNano) - started;
            while (due-- > 0 && open < maxInFlight) {
                startAttempt();
            }
            if (settings.rate() == 0 || open >= maxInFlight) {
                // Completions wake the selector; this only bounds how late a timeout is noticed.
                return TimeUnit.MILLISECONDS.toNanos(10);
            }
            long untilNext = (long) ((started + 1) / ratePerNano) - (now - loopStart);
            return Math.min(untilNext, TimeUnit.MILLISECONDS.toNanos(10));
        }

        private void startAttempt() {
            long n = started++ * settings.threads() + index;
            attempts.incrementAndGet();
            open++;
            Attempt a = new Attempt(loop, Pattern.random(settings.seed() + n, settings.payloadSize(), 0), this);
            inFlight.add(a);
            a.connect(settings.target());
        }

        private void expire(long now) {
            Attempt head;
            while ((head = inFlight.peek()) != null) {
                if (!head.isDone() && now - head.started() < settings.timeoutNanos()) {
                    return;
                }
                inFlight.poll();
                head.timeOut("no " + (head.isConnected() ? "echo" : "connection") + " within "
                        + TimeUnit.NANOSECONDS.toMillis(settings.timeoutNanos()) + " ms");
            }
        }
    }

    /** One connect-send-check-close cycle. */
    private final class Attempt extends EchoConnection {
        private final Pacer pacer;
        private final ByteBuffer out;

        Attempt(EventLoop loop, Pattern pattern, Pacer pacer) {
            super(loop, new EchoStream(pattern), ChurnLoad.this.failures);
            this.pacer = pacer;
            this.out = pattern.view();
        }

        long started() {
            return startedNanos;
        }

        @Override
        protected void onConnected() throws IOException {
            stream.sent(out.remaining());
            channel.write(out);
            key.interestOps(out.hasRemaining() ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }

        @Override
        protected void onWritable() throws IOException {
            channel.write(out);
            if (!out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_READ);
            }
        }

        @Override
        protected void onReadable() throws IOException {
            if (readAndVerify() > 0 && stream.outstanding() == 0) {
                succeed();
            }
        }

        @Override
        protected void onDone(boolean success) {
            pacer.open--;
            if (success && !stopping) {
                successes.incrementAndGet();
            }
        }
    }
}
