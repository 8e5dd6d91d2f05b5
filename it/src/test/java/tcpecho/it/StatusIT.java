package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** status prints a table for people and JSON for scripts. */
class StatusIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void tableHasAHeaderAndOneRowPerWorker() {
        MasterProcess master = masters.start();
        List<Long> workers = master.workerPids();

        Cli.Result status = master.cli("status");

        assertEquals(0, status.code(), status.toString());
        List<String> lines = status.stdout().lines().toList();
        assertTrue(lines.get(0).startsWith("master pid " + master.pid() + ", generation 1"), status.toString());
        assertTrue(lines.get(1).matches("SLOT\\s+PID\\s+GEN\\s+STATE\\s+CONNECTIONS\\s+ACCEPTED\\s+BYTES_IN\\s+BYTES_OUT\\s+RESTARTS"),
                status.toString());
        // master line, worker header and rows, a blank line, the listener header and its one row
        assertEquals(2 + workers.size() + 3, lines.size(), status.toString());
        for (int slot = 1; slot <= workers.size(); slot++) {
            String row = lines.get(1 + slot);
            assertTrue(row.matches(slot + "\\s+" + workers.get(slot - 1) + "\\s+1\\s+ready\\s+.*"), "row " + slot + ": " + row);
        }
        assertEquals("", lines.get(2 + workers.size()), status.toString());
        assertTrue(lines.get(3 + workers.size()).matches("LISTENER\\s+PROTOCOL\\s+ENDPOINT\\s+CONNECTIONS\\s+ACCEPTED"
                + "\\s+BYTES_IN\\s+BYTES_OUT\\s+DROPPED"), status.toString());
        assertTrue(lines.get(4 + workers.size()).matches("echo\\s+echo\\s+tcp 127\\.0\\.0\\.1:" + master.port
                + "(\\s+\\d+){5}"), status.toString());
    }

    @Test
    void jsonNamesTheMasterAndEveryWorker() {
        MasterProcess master = masters.start();

        Cli.Result status = master.cli("status", "--json");

        assertEquals(0, status.code(), status.toString());
        JsonObject json = JsonParser.parseString(status.stdout()).getAsJsonObject();
        JsonObject info = json.getAsJsonObject("master");
        assertEquals(master.pid(), info.get("pid").getAsLong());
        assertEquals(1, info.get("generation").getAsLong());
        assertEquals(2, info.get("workers_wanted").getAsInt());
        List<JsonObject> workers = MasterProcess.workers(json);
        assertEquals(2, workers.size(), status.toString());
        for (JsonObject worker : workers) {
            for (String key : List.of("slot", "pid", "generation", "state", "connections", "accepted", "bytes_in",
                    "bytes_out", "restarts", "heartbeat_age_ms")) {
                assertTrue(worker.has(key), key + " in " + worker);
            }
        }
        assertEquals(0, json.getAsJsonArray("slots_down").size(), status.toString());
        JsonObject listener = json.getAsJsonArray("listeners").get(0).getAsJsonObject();
        for (String key : List.of("name", "protocol", "transport", "endpoint", "connections", "accepted", "bytes_in",
                "bytes_out")) {
            assertTrue(listener.has(key), key + " in " + listener);
        }
    }
}
