package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
        assertEquals(100, budget.readLimit(100), "never more than max-unsent");
    }

    @Test
    void defaultLimitIsAQuarterOfTheHeapButNeverBelowOneConnection() {
        assertEquals(8_388_608, PendingBudget.limitFor(65_536, 33_554_432), "the worker's -Xmx32m");
        assertEquals(65_536, PendingBudget.limitFor(65_536, 131_072), "a heap under 4 connections' max-unsent");
        assertEquals(2_147_483_647, PendingBudget.limitFor(Integer.MAX_VALUE, 33_554_432), "one connection's cap always fits");
        assertEquals(PendingBudget.limitFor(65_536, Runtime.getRuntime().maxMemory()), PendingBudget.defaultLimit(65_536),
                "the default uses this JVM's heap");
    }
}
