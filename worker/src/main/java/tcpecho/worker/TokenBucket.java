package tcpecho.worker;

/**
 * A token bucket: {@code perSecond} tokens a second, at most {@code burst} held. Time comes in as
 * {@code System.nanoTime()} values from the caller (one reading per loop turn serves every
 * datagram of the turn, and tests pass a fake clock), and a take allocates nothing, so a bucket can
 * sit on the data path. Plain fields: only the event-loop thread touches a bucket.
 */
final class TokenBucket {
    private static final double NANOS_PER_SECOND = 1e9;

    /**
     * Credit is kept in nanoseconds of refill time, a long, rather than in fractional tokens: a
     * double summing 0.9 + 0.1 tokens fell short of 1 and refused a take that was due.
     */
    private final long nanosPerToken;
    private final long capacity;
    private long credit;
    private long updated;

    /** A full bucket at {@code now}. */
    TokenBucket(double perSecond, double burst, long now) {
        if (!(perSecond > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("a token bucket needs a rate above 0 and a burst of at least 1, got "
                    + perSecond + "/s and " + burst);
        }
        this.nanosPerToken = Math.max(1, Math.round(NANOS_PER_SECOND / perSecond));
        this.capacity = Math.round(Math.min(burst, Long.MAX_VALUE / 2.0 / nanosPerToken)) * nanosPerToken;
        refillAll(now);
    }

    /** Takes one token if there is one at {@code now}. */
    boolean tryTake(long now) {
        long elapsed = now - updated;
        if (elapsed > 0) {
            // capacity - credit first: credit + elapsed could overflow after a long idle time.
            credit += Math.min(capacity - credit, elapsed);
            updated = now;
        }
        if (credit >= nanosPerToken) {
            credit -= nanosPerToken;
            return true;
        }
        return false;
    }

    /** Full again at {@code now}, as a new bucket would be: lets a table reuse an evicted one. */
    void refillAll(long now) {
        credit = capacity;
        updated = now;
    }
}
