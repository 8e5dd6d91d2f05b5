package tcpecho.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tcpecho.bench.TestEchoServer;

/** Every mode, briefly, against a correct echo server and against one that flips a byte. */
class ModesTest {
    private static TestEchoServer good;
    private static TestEchoServer broken;

    @BeforeAll
    static void startServers() throws Exception {
        good = TestEchoServer.correct();
        broken = TestEchoServer.flippingFirstByte();
    }

    @AfterAll
    static void stopServers() throws Exception {
        good.close();
        broken.close();
    }

    private static JsonObject run(int port, String line) {
        List<String> args = new ArrayList<>(List.of(line.split(" ")));
        args.addAll(List.of("-p", String.valueOf(port), "--json"));
        Run run = Run.of(args.toArray(String[]::new));
        JsonObject json = JsonParser.parseString(run.out()).getAsJsonObject();
        json.addProperty("exit", run.exitCode());
        return json;
    }

    private static long failures(JsonObject json) {
        return json.getAsJsonObject("failures").entrySet().stream().mapToLong(e -> e.getValue().getAsLong()).sum();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "throughput -c 4 -d 1",
        "latency -c 2 -r 200 -d 1 --warmup 100ms",
        "churn --rate 300 -d 1",
        "churn --rate 0 -c 8 -d 1",
        "hold -c 50 --hold 1",
    })
    void correctServerGivesNoFailuresAndExitZero(String line) {
        JsonObject json = run(good.port(), line);
        assertEquals(0, failures(json), json.toString());
        assertEquals(0, json.get("exit").getAsInt(), json.toString());
        assertTrue(json.get("ok").getAsBoolean(), json.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "throughput -c 4 -d 1",
        "latency -c 2 -r 200 -d 1 --warmup 100ms",
        "churn --rate 300 -d 1",
        "hold -c 20 --hold 1",
    })
    void flippedByteIsCountedAsWrongBytesAndExitsOne(String line) {
        JsonObject json = run(broken.port(), line);
        assertTrue(json.getAsJsonObject("failures").get("wrong_bytes").getAsLong() > 0, json.toString());
        assertEquals(1, json.get("exit").getAsInt(), json.toString());
    }

    /**
     * bench/driver.py adds the client's CPU to the server's for the machine's CPU per echoed byte. The
     * test's echo server runs in this JVM too, so the bound is what the cores can give in the window.
     */
    @Test
    void throughputReportsItsOwnCpuTimeOverTheLoad() {
        JsonObject json = run(good.port(), "throughput -c 4 -d 1");
        long micros = json.getAsJsonObject("counts").get("client_cpu_us").getAsLong();
        double window = json.get("duration_s").getAsDouble() + 1;
        assertTrue(micros > 0, json.toString());
        assertTrue(micros <= window * 1e6 * Runtime.getRuntime().availableProcessors(), json.toString());
    }

    /** A hold of up to 60 s whose file already exists ends at once, and still checks every connection. */
    @Test
    void holdEndsAsSoonAsItsUntilFileExists() throws Exception {
        Path release = Files.createTempFile("hold-release", "");
        try {
            long start = System.nanoTime();
            JsonObject json = run(good.port(), "hold -c 20 --hold 60 --until-file " + release);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(seconds < 30, "the hold took " + seconds + " s");
            assertEquals(20, json.getAsJsonObject("counts").get("echoed_after_hold").getAsInt(), json.toString());
            assertEquals(0, json.get("exit").getAsInt(), json.toString());
        } finally {
            Files.delete(release);
        }
    }
}
