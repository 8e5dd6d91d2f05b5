package tcpecho.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.gson.JsonParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.common.status.Status;
import tcpecho.common.wire.MessageCodec;

/** The status document's JSON keys and their order are what README documents and scripts read. */
class StatusJsonTest {
    private static final String JSON = "{\"master\":{\"pid\":4711,\"generation\":2,\"uptime_s\":60,\"workers_wanted\":2,"
            + "\"reloads\":1,\"failed_reloads\":0,\"control_socket\":\"/run/tcp-echo/control.sock\","
            + "\"listeners\":[\"echo-udp 127.0.0.1:7\"]},"
            + "\"workers\":[{\"slot\":1,\"pid\":4712,\"generation\":2,\"state\":\"ready\",\"connections\":3,\"accepted\":10,"
            + "\"bytes_in\":100,\"bytes_out\":90,\"restarts\":0,\"heartbeat_age_ms\":250}],"
            + "\"slots_down\":[{\"slot\":2,\"restarts\":10,\"state\":\"failed\",\"reason\":\"crash loop\"}],"
            + "\"listeners\":[{\"name\":\"echo-udp\",\"protocol\":\"echo-udp\",\"transport\":\"udp\",\"endpoint\":\"127.0.0.1:7\","
            + "\"connections\":0,\"accepted\":5,\"bytes_in\":50,\"bytes_out\":40,\"dropped\":{\"denied\":0,\"loop-port\":2}}],"
            + "\"faults\":[{\"listener\":\"echo-udp\",\"name\":\"loss_downstream\",\"type\":\"loss\",\"stream\":"
            + "\"downstream\",\"origin\":\"run-time\",\"toxicity\":1.0,\"attributes\":{\"probability\":0.3}}]}";

    @Test
    void writesTheDocumentedKeysInSnakeCaseAndReadsThemBack() throws Exception {
        Map<String, Long> dropped = new LinkedHashMap<>();
        dropped.put("denied", 0L);
        dropped.put("loop-port", 2L);
        Status status = new Status(
                new Status.Master(4711, 2, 60, 2, 1, 0, "/run/tcp-echo/control.sock", List.of("echo-udp 127.0.0.1:7")),
                List.of(new Status.Worker(1, 4712, 2, Status.Worker.READY, 3, 10, 100, 90, 0, 250)),
                List.of(new Status.SlotDown(2, 10, Status.SlotDown.FAILED, "crash loop")),
                List.of(new Status.Listener("echo-udp", "echo-udp", "udp", "127.0.0.1:7", 0, 5, 50, 40, dropped)),
                List.of(new Status.ActiveFault("echo-udp", "loss_downstream", "loss", "downstream", "run-time", 1,
                        Map.of("probability", 0.3))));

        assertEquals(JSON, StatusJson.encode(status));
        assertEquals(status, StatusJson.decode(JSON));
        assertEquals(status, StatusJson.decode(StatusJson.text(MessageCodec.decode(
                MessageCodec.encode(StatusJson.reply(status))))));
    }

    @Test
    void readsMissingListsAsEmpty() {
        Status status = StatusJson.decode("{\"master\":{\"pid\":1,\"generation\":1}}");

        assertEquals(List.of(), status.workers());
        assertEquals(List.of(), status.slotsDown());
        assertEquals(List.of(), status.listeners());
        assertEquals(List.of(), status.master().listeners());
    }

    @Test
    void rejectsTextThatIsNotAStatusDocument() {
        assertThrows(JsonParseException.class, () -> StatusJson.decode("{\"master\":"));
        JsonParseException noMaster = assertThrows(JsonParseException.class, () -> StatusJson.decode("{\"workers\":[]}"));
        assertEquals("not a status document (no \"master\"): {\"workers\":[]}", noMaster.getMessage());
    }
}
