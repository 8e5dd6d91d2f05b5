package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerDropsTest {
    @Test
    void decodesWhatItEncodes() {
        List<ListenerDrops> all = List.of(
                new ListenerDrops("udp", Map.of(DropReason.LOOP_PORT, 3L, DropReason.OWN_SOCKET, 1L)),
                new ListenerDrops("idle", Map.of()),
                new ListenerDrops("v6", Map.of(DropReason.RATE_SOURCE, 12L)));

        String field = ListenerDrops.encodeAll(all);

        assertEquals("udp:loop-port=3;own-socket=1,v6:rate-source=12", field);
        assertEquals(List.of(all.get(0), all.get(2)), ListenerDrops.decodeAll(field));
    }

    @Test
    void skipsWhatItDoesNotKnow() {
        List<ListenerDrops> all = ListenerDrops.decodeAll("udp:loop-port=x;future-reason=4;rate-worker=2,:a=1,junk");

        assertEquals(List.of(new ListenerDrops("udp", Map.of(DropReason.RATE_WORKER, 2L))), all);
    }

    @Test
    void addsUp() {
        ListenerDrops a = new ListenerDrops("udp", Map.of(DropReason.LOOP_PORT, 3L));
        ListenerDrops b = new ListenerDrops("udp", Map.of(DropReason.LOOP_PORT, 2L, DropReason.SEND_FAILED, 1L));

        assertEquals(6, a.plus(b).total());
        assertEquals(5, a.plus(b).count(DropReason.LOOP_PORT));
    }
}
