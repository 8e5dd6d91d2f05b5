package tcpecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
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
    public record Settings(InetSocketAddress target, int connections, int messageSize, long holdNanos,
                           long timeoutNanos, int threads, long seed) {
    }

    public record Result(int attempted, int opened, int echoed, long elapsedNanos, Failures failures) {
    }

    /** What a progress line shows. */
    public enum Phase { OPENING, HOLDING, CHECKING, DONE }

    // Connects in flight per loop: 10,000 SYNs at once would overflow the server's accept
    // queue (somaxconn is 4096) and turn into 1 s SYN retransmits, not into a test of holding.
    private static final int CONNECTS_IN_FLIGHT = 256;

    private final Settings settings;
    private final Loops loops;
    private final Failures failures = new Failures();
    private final List<Conn> conns = new ArrayList<>();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger echoed = new AtomicInteger();
    private final AtomicInteger resolved = new AtomicInteger();
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
            loops.get(i).start(new Opener(perLoop.get(i))::tick);
        }
        awaitResolved(settings.connections(), start + settings.timeoutNanos() * 4);
        phase = Phase.HOLDING;
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(settings.holdNanos()));
        phase = Phase.CHECKING;
        resolved.set(0);
        int alive = startChecks();
        awaitResolved(alive, System.nanoTime() + settings.timeoutNanos());
        conns.forEach(c -> c.loop().execute(() -> c.timeOut("no echo within the timeout after holding")));
        loops.stop();
        phase = Phase.DONE;
        return new Result(settings.connections(), opened.get(), echoed.get(), System.nanoTime() - start, failures);
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

    private int startChecks() {
        int alive = 0;
        for (Conn conn : conns) {
            if (conn.isConnected() && !conn.isDone()) {
                alive++;
                conn.loop().execute(conn::check);
            }
        }
        return alive;
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

    /** Per loop: keeps a bounded number of connects in flight and times out slow ones. */
    private final class Opener {
        private final ArrayDeque<Conn> waiting;
        private final ArrayDeque<Conn> connecting = new ArrayDeque<>();

        Opener(List<Conn> mine) {
            this.waiting = new ArrayDeque<>(mine);
        }

        long tick(long now) {
            connecting.removeIf(c -> c.isDone() || c.isConnected());
            for (Conn c : connecting) {
                if (now - c.connectStart > settings.timeoutNanos()) {
                    c.timeOut("not connected within " + TimeUnit.NANOSECONDS.toMillis(settings.timeoutNanos()) + " ms");
                }
            }
            while (!waiting.isEmpty() && connecting.size() < CONNECTS_IN_FLIGHT) {
                Conn c = waiting.poll();
                connecting.add(c);
                c.connectStart = now;
                c.connect(settings.target());
            }
            return TimeUnit.MILLISECONDS.toNanos(waiting.isEmpty() && connecting.isEmpty() ? 100 : 1);
        }
    }

    private final class Conn extends EchoConnection {
        private final ByteBuffer out;
        private long connectStart;
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
