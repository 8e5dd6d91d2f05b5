package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonSyntaxException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --log-format json: the master and every worker write one JSON object per line to the same file. */
class JsonLogIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void masterAndWorkersWriteOnlyValidJsonLines() throws Exception {
        MasterProcess master = masters.start("--log-format", "json");
        List<Long> workers = master.workerPids();
        for (int i = 0; i < 6; i++) {
            byte[] data = EchoClient.random(64, i);
            assertArrayEquals(data, EchoClient.echo(master.port, data));
        }
        Cli.Result stop = master.cli("stop");
        assertEquals(0, stop.code(), stop.toString());
        Poll.until(Duration.ofSeconds(10), "the master to exit", () -> Pids.gone(master.pid()));

        List<JsonObject> lines = new ArrayList<>();
        for (String line : Files.readAllLines(master.logFile)) {
            try {
                lines.add(JsonParser.parseString(line).getAsJsonObject());
            } catch (JsonSyntaxException | IllegalStateException notJson) {
                throw new AssertionError("not a JSON object: " + line, notJson);
            }
        }
        for (JsonObject line : lines) {
            assertEquals(Set.of("ts", "level", "process", "pid", "msg"), line.keySet(), line.toString());
        }
        assertTrue(lines.stream().anyMatch(l -> l.get("process").getAsString().equals("master")
                && l.get("pid").getAsLong() == master.pid() && l.get("msg").getAsString().startsWith("starting generation 1")),
                "the master's start line");
        for (int slot = 1; slot <= workers.size(); slot++) {
            String process = "worker[" + slot + "]";
            long pid = workers.get(slot - 1);
            assertTrue(lines.stream().anyMatch(l -> l.get("process").getAsString().equals(process)
                    && l.get("pid").getAsLong() == pid), process + " pid " + pid + " wrote JSON lines");
        }
        assertTrue(lines.stream().filter(l -> l.get("process").getAsString().startsWith("worker["))
                .filter(l -> l.get("msg").getAsString().startsWith("connection from /127.0.0.1:")).count() >= 6,
                "a line per connection, at info");
    }
}
