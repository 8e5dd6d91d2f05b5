package tcpecho.bench.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;

/** A daemon thread printing one line per second until stopped. */
final class Progress {
    private final Thread thread;

    private Progress(Thread thread) {
        this.thread = thread;
    }

    static Progress none() {
        return new Progress(null);
    }

    static Progress start(Supplier<String> line, PrintWriter err) {
        long start = System.nanoTime();
        Thread t = new Thread(() -> {
            try {
                for (int second = 1; ; second++) {
                    long wake = start + second * 1_000_000_000L;
                    Thread.sleep(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
                    err.printf("[%3ds] %s%n", second, line.get());
                    err.flush();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "progress");
        t.setDaemon(true);
        t.start();
        return new Progress(t);
    }

    /** Stops printing; waits for the thread so no line lands after the summary. */
    void stop() throws InterruptedException {
        if (thread != null) {
            thread.interrupt();
            thread.join(1000);
        }
    }

    /** Turns a running total into a per-second rate between calls. */
    static final class Meter {
        private long last;
        private long lastNanos = System.nanoTime();

        double perSecond(long total) {
            long now = System.nanoTime();
            double rate = (total - last) * 1e9 / Math.max(1, now - lastNanos);
            last = total;
            lastNanos = now;
            return rate;
        }
    }
}
