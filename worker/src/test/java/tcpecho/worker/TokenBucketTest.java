package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long START = 7_000_000_000L;

    @Test
    void aFullBucketGivesItsBurstThenNothing() {
        TokenBucket bucket = new TokenBucket(100, 20, START);
        assertEquals(20, takes(bucket, START, 50));
        assertFalse(bucket.tryTake(START));
    }

    @Test
    void refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(100, 20, START);
        takes(bucket, START, 20);
        // 100/s is one token per 10 ms.
        assertFalse(bucket.tryTake(START + 9 * MS));
        assertTrue(bucket.tryTake(START + 10 * MS));
        assertFalse(bucket.tryTake(START + 10 * MS));
        assertEquals(5, takes(bucket, START + 60 * MS, 50));
    }

    @Test
    void anIdleBucketHoldsNoMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(100, 20, START);
        takes(bucket, START, 20);
        assertEquals(20, takes(bucket, START + TimeUnit.HOURS.toNanos(5), 1000));
    }

    @Test
    void overOneSecondOfSteadyDemandItGivesRatePlusBurst() {
        TokenBucket bucket = new TokenBucket(100, 20, START);
        int given = 0;
        for (long t = START; t < START + 1000 * MS; t += MS / 10) {
            given += bucket.tryTake(t) ? 1 : 0;
        }
        assertTrue(given >= 119 && given <= 120, "given " + given);
    }

    @Test
    void refillAllMakesItFullAgain() {
        TokenBucket bucket = new TokenBucket(10, 3, START);
        takes(bucket, START, 3);
        bucket.refillAll(START + MS);
        assertEquals(3, takes(bucket, START + MS, 10));
    }

    @Test
    void aClockThatGoesBackGivesNothingExtra() {
        TokenBucket bucket = new TokenBucket(100, 2, START);
        takes(bucket, START, 2);
        assertFalse(bucket.tryTake(START - TimeUnit.SECONDS.toNanos(1)));
    }

    @Test
    void refusesANonsenseRate() {
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 1, START));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(10, 0.5, START));
    }

    private static int takes(TokenBucket bucket, long now, int tries) {
        int given = 0;
        for (int i = 0; i < tries; i++) {
            given += bucket.tryTake(now) ? 1 : 0;
        }
        return given;
    }
}
