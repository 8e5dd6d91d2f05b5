package tcpecho.bench.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * One selector thread: {@code for (;;) { select; handle ready keys; run tasks; tick }}.
 * An error on one connection closes that connection only, never the loop.
 */
public final class EventLoop {
    /** A channel's owner; called on the loop thread only. */
    public interface Handler {
        void ready(SelectionKey key) throws IOException;

        /** The loop closed the channel after {@code e}; record why. */
        void failed(Exception e);
    }

    /** Periodic work on the loop thread; returns nanoseconds until it wants to run again. */
    public interface Ticker {
        long tick(long nowNanos);
    }

    private static final long IDLE_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // One read buffer per loop: every read is verified before the next one, so it is never shared.
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(64 * 1024);
    private volatile boolean running = true;
    private volatile Ticker ticker = now -> IDLE_TICK_NANOS;

    public EventLoop(String name) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("Selector.open() failed: " + e.getMessage(), e);
        }
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    public void start(Ticker ticker) {
        this.ticker = ticker;
        thread.start();
    }

    public void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    public ByteBuffer readBuffer() {
        return readBuffer;
    }

    public SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /** Stops the loop, closes every channel it owns and waits for the thread to end. */
    public void stop() {
        running = false;
        selector.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        long waitNanos = 0;
        while (running) {
            try {
                select(waitNanos);
                handleReadyKeys();
                runTasks();
                waitNanos = ticker.tick(System.nanoTime());
            } catch (IOException | RuntimeException e) {
                // Back off instead of spinning on an error that would recur at once.
                System.err.println(thread.getName() + ": " + e);
                waitNanos = IDLE_TICK_NANOS;
            }
        }
        // Tasks queued just before stop() still run: they record final outcomes.
        runTasks();
        closeAll();
    }

    private void select(long waitNanos) throws IOException {
        if (waitNanos <= 0) {
            selector.selectNow();
        } else {
            // Selector timeouts are whole milliseconds; round up so a ticker is never early.
            selector.select(Math.max(1, (waitNanos + 999_999) / 1_000_000));
        }
    }

    private void handleReadyKeys() {
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            it.remove();
            Handler handler = (Handler) key.attachment();
            try {
                if (key.isValid()) {
                    handler.ready(key);
                }
            } catch (IOException | RuntimeException e) {
                closeQuietly(key);
                handler.failed(e);
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println(thread.getName() + ": task failed: " + e);
            }
        }
    }

    private void closeAll() {
        for (SelectionKey key : selector.keys()) {
            closeQuietly(key);
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // Nothing left to do with a selector we are discarding.
        }
    }

    static void closeQuietly(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // The connection is being abandoned; a failing close changes nothing.
        }
    }
}
