package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PendingBudgetTest {

    @Test
    void parkedConnectionsResumeOnlyOnceBytesComeBack() {
        PendingBudget budget = new PendingBudget(100);
        List<String> resumed = new ArrayList<>();
        budget.take(100);
        assertEquals(0, budget.available());
        budget.park(() -> resumed.add("a"));
        budget.park(() -> resumed.add("b"));
        assertEquals(List.of(), resumed);

        budget.give(40);
        assertEquals(List.of("a", "b"), resumed);
        assertEquals(60, budget.used());
    }

    @Test
    void defaultLimitIsAQuarterOfTheHeapButNeverBelowOneConnection() {
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(Math.max(64 * 1024, heap / 4), PendingBudget.defaultLimit(64 * 1024));
        assertTrue(PendingBudget.defaultLimit(Integer.MAX_VALUE) >= Integer.MAX_VALUE, "one connection's cap always fits");
    }
}
