package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private static final Duration QUICK = Duration.ofMillis(300);
    private static final Duration STABLE = Duration.ofSeconds(2);

    private final Backoff backoff = new Backoff();

    @Test
    void quickDeathsDoubleTheDelayFrom100MsUpToTheTenSecondCap() {
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            delays.add(backoff.afterExit(QUICK).toMillis());
        }

        assertEquals(List.of(100L, 200L, 400L, 800L, 1600L, 3200L, 6400L, 10_000L, 10_000L), delays);
        assertFalse(backoff.exhausted(), "9 quick deaths are not yet a crash loop");
    }

    @Test
    void tenQuickDeathsInARowExhaustIt() {
        for (int i = 0; i < 10; i++) {
            backoff.afterExit(QUICK);
        }

        assertTrue(backoff.exhausted());
        assertEquals(10, backoff.quickDeaths());
    }

    @Test
    void aStableRunMeansRespawnAtOnceAndResetsTheCount() {
        backoff.afterExit(QUICK);
        backoff.afterExit(QUICK);
        backoff.afterExit(QUICK);

        assertEquals(Duration.ZERO, backoff.afterExit(STABLE));
        assertEquals(0, backoff.quickDeaths());
        assertEquals(Duration.ofMillis(100), backoff.afterExit(QUICK), "the next quick death starts over at 100 ms");
    }

    @Test
    void aStableRunBetweenQuickDeathsPreventsGivingUp() {
        for (int i = 0; i < 9; i++) {
            backoff.afterExit(QUICK);
        }
        backoff.afterExit(STABLE.plusSeconds(60));
        backoff.afterExit(QUICK);

        assertFalse(backoff.exhausted());
    }

    @Test
    void aFirstDeathAfterAStableRunIsZeroDelay() {
        assertEquals(Duration.ZERO, backoff.afterExit(Duration.ofHours(3)));
        assertEquals(0, backoff.quickDeaths());
    }
}
