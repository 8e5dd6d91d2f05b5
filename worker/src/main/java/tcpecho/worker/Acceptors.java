package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tcpecho.common.log.Log;

/**
 * All listeners of a worker, and when they accept: paused briefly after an accept error, stopped
 * for good once draining.
 */
final class Acceptors {
    /** accept() failing with EMFILE stays ready; without a pause the loop would spin on it. */
    static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final List<Acceptor> acceptors = new ArrayList<>();
    private boolean paused;
    private long resumeAt;
    private boolean loggedOnce;
    private long lastLoggedAt;
    private boolean stopped;

    void add(Acceptor acceptor) {
        acceptors.add(acceptor);
    }

    void registerAll(Selector selector) throws IOException {
        for (Acceptor acceptor : acceptors) {
            acceptor.register(selector);
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
        setAccepting(false);
    }

    /** How long until accepting must resume, or Long.MAX_VALUE when nothing is due. */
    long nanosUntilDue(long now) {
        return paused && !stopped ? Math.max(0, resumeAt - now) : Long.MAX_VALUE;
    }

    void runTimers(long now) {
        if (paused && !stopped && now - resumeAt >= 0) {
            paused = false;
            setAccepting(true);
        }
    }

    /**
     * Stops accepting for good (drain) and lets go of our copies of the listening sockets. On a
     * reload the master's copy keeps each accept queue alive for the next generation; on a stop the
     * master has closed its copy, so this is what makes new connects get refused at once instead
     * of queuing until the drain ends and then being reset.
     */
    void stop() {
        stopped = true;
        setAccepting(false);
        for (Acceptor acceptor : acceptors) {
            acceptor.close("draining");
        }
    }

    void closeAll() {
        for (Acceptor acceptor : acceptors) {
            acceptor.close("exiting");
        }
    }

    int size() {
        return acceptors.size();
    }

    private void setAccepting(boolean accepting) {
        for (Acceptor acceptor : acceptors) {
            acceptor.setAccepting(accepting);
        }
    }
}
