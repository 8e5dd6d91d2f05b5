package tcpecho.common.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void columnsAreAsWideAsTheirWidestCellWithNumbersOnTheRight() {
        TextTable table = new TextTable("LISTENER", "PROTOCOL", "ACCEPTED>")
                .row("echo-8090", "echo", 3)
                .row("redis-with-a-long-name", "proxy", 12345);

        assertEquals("""
                LISTENER                PROTOCOL  ACCEPTED
                echo-8090               echo             3
                redis-with-a-long-name  proxy        12345
                """, table.toString());
    }

    @Test
    void aLeftAlignedLastColumnLeavesNoTrailingBlanks() {
        assertEquals("A    B\nxyz\n", new TextTable("A", "B").row("xyz", "").toString());
    }
}
