package tcpecho.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import tcpecho.bench.net.EchoConnection;
import tcpecho.bench.net.EchoStream;
import tcpecho.bench.net.EventLoop;
import tcpecho.bench.net.Loops;
import tcpecho.bench.net.Pattern;

/**
 * Saturating load: every connection keeps up to {@code window} messages in flight and verifies
 * every echoed byte. Runs until {@link #stop()}.
 */
public final class ThroughputLoad {
    /** How the load runs; {@code window} is in messages per connection. */
    public record Settings(InetSocketAddress target, int connections, int messageSize, int window,
                           int threads, long seed, long timeoutNanos) {
    }

    /** What it did: bytes and messages echoed and verified, failures by kind. */
    public record Result(long echoedBytes, long messages, long elapsedNanos, Failures failures) {
        public double seconds() {
            return elapsedNanos / 1e9;
        }
    }

    // Writes of 64 KiB keep syscalls per byte low; smaller patterns would cap each write.
    private static final int PATTERN_BYTES = 64 * 1024;

    private final Settings settings;
    private final Loops loops;
    private final Failures failures = new Failures();
    private final LongAdder echoed = new LongAdder();
    private final long startNanos = System.nanoTime();

    private ThroughputLoad(Settings settings) {
        this.settings = settings;
        this.loops = new Loops("throughput", settings.threads());
    }

    public static ThroughputLoad start(Settings settings) {
        ThroughputLoad load = new ThroughputLoad(settings);
        for (int i = 0; i < settings.threads(); i++) {
            load.startLoop(i);
        }
        return load;
    }

    private void startLoop(int index) {
        EventLoop loop = loops.get(index);
        List<Conn> conns = new ArrayList<>();
        loop.start(now -> checkStalls(conns, now));
        loop.execute(() -> {
            for (int c = index; c < settings.connections(); c += settings.threads()) {
                Pattern pattern = Pattern.random(settings.seed() + c, settings.messageSize(), PATTERN_BYTES);
                Conn conn = new Conn(loop, new EchoStream(pattern));
                conns.add(conn);
                conn.connect(settings.target());
            }
        });
    }

    private long checkStalls(List<Conn> conns, long now) {
        for (Conn conn : conns) {
            if (!conn.isDone() && now - conn.lastProgress > settings.timeoutNanos()) {
                conn.timeOut("no echo for " + TimeUnit.NANOSECONDS.toMillis(now - conn.lastProgress) + " ms");
            }
        }
        return TimeUnit.MILLISECONDS.toNanos(100);
    }

    public long echoedBytes() {
        return echoed.sum();
    }

    public Failures failures() {
        return failures;
    }

    /** Stops the load and closes every connection; counts are taken at the moment of the call. */
    public Result stop() {
        long bytes = echoed.sum();
        long elapsed = System.nanoTime() - startNanos;
        loops.stop();
        return new Result(bytes, bytes / settings.messageSize(), elapsed, failures);
    }

    private final class Conn extends EchoConnection {
        private final long windowBytes = (long) settings.window() * settings.messageSize();
        private long lastProgress = System.nanoTime();

        Conn(EventLoop loop, EchoStream stream) {
            super(loop, stream, ThroughputLoad.this.failures);
        }

        @Override
        protected void onConnected() throws IOException {
            lastProgress = System.nanoTime();
            key.interestOps(SelectionKey.OP_READ);
            pump();
        }

        @Override
        protected void onReadable() throws IOException {
            int n = readAndVerify();
            if (n > 0) {
                echoed.add(n);
                lastProgress = System.nanoTime();
                pump();
            }
        }

        @Override
        protected void onWritable() throws IOException {
            pump();
        }

        /**
         * Writes until the window is full. OP_WRITE is wanted only while the socket buffer is
         * full: reads reopen the window and write directly, saving an epoll_ctl per round.
         */
        private void pump() throws IOException {
            boolean blocked = false;
            long room;
            while ((room = windowBytes - stream.outstanding()) > 0) {
                var buf = stream.outgoing(room);
                int want = buf.remaining();
                int n = channel.write(buf);
                stream.sent(n);
                if (n < want) {
                    blocked = true;
                    break;
                }
            }
            int ops = SelectionKey.OP_READ | (blocked ? SelectionKey.OP_WRITE : 0);
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }
}
