package tcpecho.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** log-format = json: one object per line with ts, level, process, pid and msg. */
class LogJsonTest {
    @TempDir
    Path dir;

    @Test
    void eachLineIsOneJsonObject() throws Exception {
        Log log = Log.get();
        Path file = dir.resolve("j.log");
        try {
            log.setSubject("worker[3]");
            log.setFormat(LogFormat.JSON);
            log.setFile(file);
            log.info("connection from /127.0.0.1:5555 \"quoted\"\nsecond line");
            log.warn("tab\there");
        } finally {
            log.setFormat(LogFormat.PLAIN);
            log.setFile(null);
        }

        List<String> lines = Files.readAllLines(file);
        assertEquals(2, lines.size(), lines.toString());
        JsonObject first = JsonParser.parseString(lines.get(0)).getAsJsonObject();
        assertEquals(List.of("ts", "level", "process", "pid", "msg"), List.copyOf(first.keySet()));
        assertEquals("info", first.get("level").getAsString());
        assertEquals("worker[3]", first.get("process").getAsString());
        assertEquals(ProcessHandle.current().pid(), first.get("pid").getAsLong());
        assertEquals("connection from /127.0.0.1:5555 \"quoted\"\nsecond line", first.get("msg").getAsString());
        assertTrue(first.get("ts").getAsString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z"));
        assertEquals("warn", JsonParser.parseString(lines.get(1)).getAsJsonObject().get("level").getAsString());
    }
}
