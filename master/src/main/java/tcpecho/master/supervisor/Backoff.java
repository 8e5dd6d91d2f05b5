package tcpecho.master.supervisor;

import java.time.Duration;

/**
 * Respawn delay for one slot. A worker that dies soon after it started is likely to die again
 * (bad flags, a broken install), so each such death doubles the delay up to a cap; a worker that
 * ran stably is replaced at once, because then the death was an event, not a loop.
 */
final class Backoff {
    static final Duration INITIAL = Duration.ofMillis(100);
    static final Duration CAP = Duration.ofSeconds(10);
    /**
     * How long a worker must have run (served, once it said READY: see {@link Respawns}) for its
     * death to be an event. The failures the backoff is for (bad flags or arguments, an unusable
     * socket, a broken install) stop a worker before READY; one that served for a second passed
     * them. It was 2 s from spawn: a worker killed a second after it served waited 100 ms more.
     */
    static final Duration STABLE_AFTER = Duration.ofSeconds(1);
    static final int GIVE_UP_AFTER = 10;

    private int quickDeaths;

    /** Records a death after {@code ran}; returns how long to wait before respawning. */
    Duration afterExit(Duration ran) {
        if (ran.compareTo(STABLE_AFTER) >= 0) {
            quickDeaths = 0;
            return Duration.ZERO;
        }
        quickDeaths++;
        long millis = INITIAL.toMillis() << Math.min(quickDeaths - 1, 20);
        return Duration.ofMillis(Math.min(millis, CAP.toMillis()));
    }

    /** After this many quick deaths in a row the slot is a crash loop: stop respawning it. */
    boolean exhausted() {
        return quickDeaths >= GIVE_UP_AFTER;
    }

    int quickDeaths() {
        return quickDeaths;
    }
}
