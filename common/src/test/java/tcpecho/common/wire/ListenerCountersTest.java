package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ListenerCountersTest {

    @Test
    void decodeReadsBackWhatEncodeWrote() {
        List<ListenerCounters> all = List.of(new ListenerCounters("echo", 2, 10, 300, 300),
                new ListenerCounters("udp", 0, 7, 70, 70));

        assertEquals(all, ListenerCounters.decodeAll(ListenerCounters.encodeAll(all)));
    }

    @Test
    void malformedEntriesAreSkippedAndTheRestKept() {
        List<ListenerCounters> decoded = ListenerCounters.decodeAll("echo:1:2:3:4,bad,x:1:2:three:4,:1:1:1:1,d:0:1:0:0");

        assertEquals(List.of(new ListenerCounters("echo", 1, 2, 3, 4), new ListenerCounters("d", 0, 1, 0, 0)), decoded);
    }
}
