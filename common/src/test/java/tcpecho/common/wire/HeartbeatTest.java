package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void roundTripsThroughTheLineFormat() throws Exception {
        Heartbeat heartbeat = new Heartbeat(3, 12, 1024, 1000,
                List.of(new ListenerCounters("echo", 3, 10, 1000, 1000), new ListenerCounters("udp", 0, 2, 24, 0)),
                List.of(new ListenerDrops("udp", Map.of(DropReason.LOOP_PORT, 2L, DropReason.DENIED, 1L))));

        String line = MessageCodec.encode(heartbeat.encode());

        assertEquals("HEARTBEAT connections=3 accepted=12 bytes_in=1024 bytes_out=1000"
                + " listeners=echo%3A3%3A10%3A1000%3A1000%2Cudp%3A0%3A2%3A24%3A0 drops=udp%3Adenied%3D1%3Bloop-port%3D2\n", line);
        assertEquals(heartbeat, Heartbeat.decode(MessageCodec.decode(line)));
    }

    @Test
    void aHeartbeatWithoutListenersRoundTripsWithEmptyLists() throws Exception {
        Heartbeat heartbeat = new Heartbeat(0, 0, 0, 0, List.of(), List.of());

        assertEquals(heartbeat, Heartbeat.decode(MessageCodec.decode(MessageCodec.encode(heartbeat.encode()))));
        assertEquals(heartbeat, Heartbeat.decode(MessageCodec.decode("HEARTBEAT connections=0 accepted=0 bytes_in=0 bytes_out=0")));
    }

    @Test
    void rejectsAMissingOrNonNumericTotal() throws Exception {
        assertEquals("HEARTBEAT field 'accepted' is missing", rejection("HEARTBEAT connections=1 bytes_in=5"));
        assertEquals("HEARTBEAT field 'bytes_out' is not a number: '1e3'",
                rejection("HEARTBEAT connections=1 accepted=1 bytes_in=5 bytes_out=1e3"));
    }

    @Test
    void skipsMalformedListenerEntriesButKeepsTheRest() throws Exception {
        Heartbeat decoded = Heartbeat.decode(MessageCodec.decode(
                "HEARTBEAT connections=1 accepted=1 bytes_in=5 bytes_out=5 listeners=echo%3A1%3A1%3A5%3A5%2Cbad%3Ax"));

        assertEquals(List.of(new ListenerCounters("echo", 1, 1, 5, 5)), decoded.listeners());
    }

    /** Why {@link Heartbeat#decode} rejects {@code line}. */
    private static String rejection(String line) throws MalformedMessageException {
        Message message = MessageCodec.decode(line);
        return assertThrows(MalformedMessageException.class, () -> Heartbeat.decode(message)).getMessage();
    }
}
