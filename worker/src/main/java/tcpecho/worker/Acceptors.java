package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tcpecho.common.log.Log;

/**
 * All listeners of a worker, and when they accept: paused briefly after an accept error, paused
 * while max-connections are open, stopped for good once draining.
 *
 * <p>Not accepting means OP_ACCEPT is out of the listeners' interest sets, so a full worker or one
 * out of file descriptors sleeps in select instead of spinning on a listener that stays ready.
 * Connections meanwhile wait in the kernel's accept queue, or go to other workers' sockets.
 */
final class Acceptors implements Timed {
    /** accept() failing with EMFILE stays ready; without a pause the loop would spin on it. */
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<Acceptor> acceptors = new ArrayList<>();
    /** UDP sockets: never paused (they hold no connections), stopped at drain like the rest. */
    private final List<UdpEcho> datagrams = new ArrayList<>();
    private boolean paused;
    private long resumeAt;
    private boolean loggedOnce;
    private long lastLoggedAt;
    private boolean stopped;
    private boolean full;
    private boolean accepting = true;
    private final int maxConnections;
    private final WorkerStats stats;

    /** @param maxConnections open connections at which accepting pauses; 0 means no limit */
    Acceptors(int maxConnections, WorkerStats stats) {
        this.maxConnections = maxConnections;
        this.stats = stats;
    }

    void add(Acceptor acceptor) {
        acceptors.add(acceptor);
    }

    void add(UdpEcho datagram) {
        datagrams.add(datagram);
    }

    void registerAll(Selector selector) throws IOException {
        for (Acceptor acceptor : acceptors) {
            acceptor.register(selector);
        }
        for (UdpEcho datagram : datagrams) {
            datagram.register(selector);
        }
    }

    /** Called by an acceptor whose accept() threw, typically "Too many open files". */
    void acceptFailed(Acceptor acceptor, IOException cause) {
        long now = System.nanoTime();
        if (!loggedOnce || now - lastLoggedAt >= LOG_INTERVAL_NANOS) {
            loggedOnce = true;
            lastLoggedAt = now;
            Log.get().warn("accept() on " + acceptor.describe() + " failed: " + Log.describe(cause)
                    + " - pausing accepts for " + TimeUnit.NANOSECONDS.toMillis(PAUSE_NANOS) + " ms");
        }
        paused = true;
        resumeAt = now + PAUSE_NANOS;
        update();
    }

    /** Whether one more connection may be accepted now. */
    boolean hasRoom() {
        return maxConnections == 0 || stats.connections() < maxConnections;
    }

    /** Called after a round of accepts: stops accepting once the limit is reached. */
    void afterAccepts() {
        checkLimit();
    }

    /** How long until accepting must resume, or Long.MAX_VALUE when nothing is due. */
    @Override
    public long nanosUntilDue(long now) {
        return paused && !stopped ? Math.max(0, resumeAt - now) : Long.MAX_VALUE;
    }

    /** Resumes after an accept-error pause, and after closes brought us under max-connections. */
    @Override
    public void runTimers(long now) {
        if (paused && !stopped && now - resumeAt >= 0) {
            paused = false;
        }
        checkLimit();
    }

    private void checkLimit() {
        boolean nowFull = !hasRoom();
        if (nowFull && !full) {
            Log.get().warn("max-connections (" + maxConnections + ") reached: not accepting until one closes");
        } else if (!nowFull && full) {
            Log.get().info("below max-connections (" + maxConnections + ") again: accepting");
        }
        full = nowFull;
        update();
    }

    /**
     * Stops accepting for good (drain) and lets go of our copies of the listening sockets. On a
     * reload the master's copy keeps each accept queue alive for the next generation; on a stop the
     * master has closed its copy, so this is what makes new connects get refused at once instead
     * of queuing until the drain ends and then being reset.
     */
    void stop() {
        stopped = true;
        update();
        for (Acceptor acceptor : acceptors) {
            acceptor.close("draining");
        }
        for (UdpEcho datagram : datagrams) {
            datagram.close("draining");
        }
    }

    /** After log rotation; also while draining, since connections of a stopped listener still write. */
    void reopenFiles() {
        for (Acceptor acceptor : acceptors) {
            acceptor.reopenFiles();
        }
    }

    int size() {
        return acceptors.size() + datagrams.size();
    }

    private void update() {
        boolean wanted = !stopped && !paused && !full;
        if (wanted == accepting) {
            return;
        }
        accepting = wanted;
        for (Acceptor acceptor : acceptors) {
            acceptor.setAccepting(wanted);
        }
    }
}
