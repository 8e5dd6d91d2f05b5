package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PendingBudgetTest {

    @Test
    void readsTakeUpToMaxPendingWhileTheBudgetLastsThenShrinkToTheReserveButNeverStop() {
        PendingBudget budget = new PendingBudget(100_000);
        assertEquals(65_536, budget.readLimit(65_536));

        budget.take(90_000);
        assertEquals(10_000, budget.readLimit(65_536));

        budget.take(20_000);
        assertEquals(PendingBudget.RESERVE_READ_BYTES, budget.readLimit(65_536), "over budget: small reads, not none");

        budget.give(110_000);
        assertEquals(65_536, budget.readLimit(65_536));
        assertEquals(100, budget.readLimit(100), "never more than max-pending");
    }

    @Test
    void defaultLimitIsAQuarterOfTheHeapButNeverBelowOneConnection() {
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(Math.max(64 * 1024, heap / 4), PendingBudget.defaultLimit(64 * 1024));
        assertTrue(PendingBudget.defaultLimit(Integer.MAX_VALUE) >= Integer.MAX_VALUE, "one connection's cap always fits");
    }
}
