package tcpecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tcpecho.bench.net.EchoConnection;
import tcpecho.bench.net.EchoStream;
import tcpecho.bench.net.EventLoop;
import tcpecho.bench.net.Loops;
import tcpecho.bench.net.Pattern;

/**
 * Many idle connections: open them all, keep them open (any byte, EOF or reset from the
 * server meanwhile is a failure), then check each still echoes one message.
 */
public final class HoldLoad {
    /** {@code releaseFile}: when not null, the hold also ends as soon as this file exists. */
    public record Settings(InetSocketAddress target, int connections, int messageSize, long holdNanos,
                           long timeoutNanos, int threads, long seed, Path releaseFile) {
    }

    /**
     * {@code checkLatency} is the round trip of each check message: a connection that the kernel
     * completed but the server never accepted (it sat in the accept queue) shows as a slow one.
     */
    public record Result(int attempted, int opened, int echoed, long elapsedNanos, Failures failures,
                         LatencyStats checkLatency) {
    }

    /** What a progress line shows. */
    public enum Phase { OPENING, HOLDING, CHECKING, DONE }

    // Connects (then checks) in flight per loop: 10,000 SYNs at once would overflow the server's
    // accept queue (somaxconn is 4096) and turn into 1 s SYN retransmits, not a test of holding.
    private static final int IN_FLIGHT = 256;

    private final Settings settings;
    private final Loops loops;
    private final Failures failures = new Failures();
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger echoed = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();
    // Shared by all loops: one record per connection is too little traffic to need one per loop.
    private final LatencyStats checkLatency = new LatencyStats();
    private volatile Phase phase = Phase.OPENING;

    private HoldLoad(Settings settings) {
        this.settings = settings;
        this.loops = new Loops("hold", settings.threads());
    }

    public static HoldLoad create(Settings settings) {
        return new HoldLoad(settings);
    }

    /** Opens, holds and checks; blocks for about the hold time plus connect and echo times. */
    public Result run() throws InterruptedException {
        long start = System.nanoTime();
        List<List<Conn>> perLoop = createConnections();
        for (int i = 0; i < loops.size(); i++) {
            loops.get(i).start(new Driver(perLoop.get(i))::tick);
        }
        awaitResolved(settings.connections(), start + settings.timeoutNanos() * 4);
        phase = Phase.HOLDING;
        hold(System.nanoTime() + settings.holdNanos());
        resolved.set(0);
        int alive = (int) conns.stream().filter(c -> c.isConnected() && !c.isDone()).count();
        phase = Phase.CHECKING;
        for (int i = 0; i < loops.size(); i++) {
            loops.get(i).execute(() -> { });
        }
        awaitResolved(alive, System.nanoTime() + settings.timeoutNanos() * 4);
        conns.forEach(c -> c.loop().execute(() -> c.timeOut("no echo within the timeout after holding")));
        loops.stop();
        phase = Phase.DONE;
        synchronized (checkLatency) {
            return new Result(settings.connections(), opened.get(), echoed.get(), System.nanoTime() - start,
                    failures, checkLatency);
        }
    }

    private List<List<Conn>> createConnections() {
        List<List<Conn>> perLoop = new ArrayList<>();
        for (int i = 0; i < loops.size(); i++) {
            perLoop.add(new ArrayList<>());
        }
        for (int c = 0; c < settings.connections(); c++) {
            Pattern pattern = Pattern.random(settings.seed() + c, settings.messageSize(), 0);
            Conn conn = new Conn(loops.get(c), new EchoStream(pattern));
            conns.add(conn);
            perLoop.get(c % loops.size()).add(conn);
        }
        return perLoop;
    }

    private void hold(long until) throws InterruptedException {
        while (System.nanoTime() - until < 0 && (settings.releaseFile() == null || !Files.exists(settings.releaseFile()))) {
            Thread.sleep(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
        }
    }

    private void awaitResolved(int count, long deadline) throws InterruptedException {
        while (resolved.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    public Phase phase() {
        return phase;
    }

    public int opened() {
        return opened.get();
    }

    public int echoed() {
        return echoed.get();
    }

    public Failures failures() {
        return failures;
    }

    /**
     * Per loop: keeps a bounded number of connects, and later of checks, in flight and times out
     * slow ones. Checks are bounded too so a check's round trip measures one connection, not the
     * queue behind a burst of 10,000 writes.
     */
    private final class Driver {
        private final List<Conn> mine;
        private final ArrayDeque<Conn> waiting;
        private final ArrayDeque<Conn> inFlight = new ArrayDeque<>();
        private boolean checksQueued;

        Driver(List<Conn> mine) {
            this.mine = mine;
            this.waiting = new ArrayDeque<>(mine);
        }

        long tick(long now) {
            if (phase == Phase.CHECKING && !checksQueued) {
                checksQueued = true;
                mine.stream().filter(c -> c.isConnected() && !c.isDone()).forEach(waiting::add);
            }
            inFlight.removeIf(EchoConnection::isDone);
            inFlight.removeIf(c -> !c.checking && c.isConnected());
            for (Conn c : inFlight) {
                if (now - c.phaseStart > settings.timeoutNanos()) {
                    c.timeOut((c.checking ? "no echo" : "not connected") + " within "
                            + TimeUnit.NANOSECONDS.toMillis(settings.timeoutNanos()) + " ms");
                }
            }
            while (!waiting.isEmpty() && inFlight.size() < IN_FLIGHT) {
                Conn c = waiting.poll();
                inFlight.add(c);
                c.phaseStart = now;
                if (checksQueued) {
                    c.check();
                } else {
                    c.connect(settings.target());
                }
            }
            return TimeUnit.MILLISECONDS.toNanos(waiting.isEmpty() && inFlight.isEmpty() ? 100 : 1);
        }
    }

    private final class Conn extends EchoConnection {
        private final ByteBuffer out;
        private long phaseStart;
        private boolean checking;

        Conn(EventLoop loop, EchoStream stream) {
            super(loop, stream, HoldLoad.this.failures);
            this.out = stream.pattern().view();
        }

        EventLoop loop() {
            return loop;
        }

        @Override
        protected void onConnected() {
            opened.incrementAndGet();
            resolved.incrementAndGet();
            // Reading while idle catches a server that closes or resets held connections.
            key.interestOps(SelectionKey.OP_READ);
        }

        void check() {
            if (isDone()) {
                return;
            }
            checking = true;
            try {
                stream.sent(out.remaining());
                channel.write(out);
                if (out.hasRemaining()) {
                    key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                }
            } catch (IOException e) {
                failed(e);
            }
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
            if (readAndVerify() > 0 && checking && stream.outstanding() == 0) {
                synchronized (checkLatency) {
                    checkLatency.record(System.nanoTime() - phaseStart);
                }
                echoed.incrementAndGet();
                succeed();
            }
        }

        @Override
        protected void onDone(boolean success) {
            if (!isConnected() || checking) {
                resolved.incrementAndGet();
            }
        }
    }
}
