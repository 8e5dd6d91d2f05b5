package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.config.Keys;
import tcpecho.config.Settings;
import tcpecho.config.SettingsLoader;

/** Workers of a generation with a TLS listener get a heap sized from max-connections and C2; others nothing extra. */
class TlsWorkerJvmTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        Process openssl = new ProcessBuilder("../scripts/test-certs.sh", dir.resolve("certs").toString()).inheritIO().start();
        assertEquals(0, openssl.waitFor(), "scripts/test-certs.sh failed");
    }

    private static Settings load(boolean tls, Map<String, String> flags) throws Exception {
        Path config = dir.resolve(tls ? "tls.toml" : "plain.toml");
        Files.writeString(config, "[[listener]]\nport = 9443\n" + (tls ? "tls-cert = \"certs/server.pem\"\n"
                + "tls-key = \"certs/server.key\"\n" : "") + "[[listener]]\nport = 9444\n");
        Map<String, String> all = new java.util.HashMap<>(flags);
        all.put(Keys.CONTROL_SOCKET, dir.resolve("c.sock").toString());
        return new SettingsLoader(Map.of(), 2, () -> dir).load(config, all);
    }

    @Test
    void onlyAGenerationWithATlsListenerGetsTheLargerHeapAndC2() throws Exception {
        assertEquals(List.of(), TlsWorkerJvm.options(load(false, Map.of())));
        assertEquals(List.of("-Xmx130m", "-XX:TieredStopAtLevel=4"), TlsWorkerJvm.options(load(true, Map.of())));
        assertEquals(List.of("-Xmx52m", "-XX:TieredStopAtLevel=4"),
                TlsWorkerJvm.options(load(true, Map.of(Keys.MAX_CONNECTIONS, "2000"))));
        assertEquals(130, TlsWorkerJvm.heapMebibytes(0), "max-connections 0 (unlimited) sizes for 10,000");
    }

    @Test
    void extraOptionsGoInAnArgumentFileOfTheirOwnAfterTheDefaults() throws Exception {
        Path runtime = Files.createDirectories(dir.resolve("run"));
        List<String> defaults = List.of("-Xmx32m", "-XX:TieredStopAtLevel=1");
        List<String> launch = List.of("-cp", "/opt/w/*", "tcpecho.worker.WorkerMain");
        List<String> all = new java.util.ArrayList<>(defaults);
        all.addAll(launch);
        WorkerCommand command = new WorkerCommand("java", ArgFile.of(runtime, "worker", all), defaults, launch);

        List<String> plain = command.argv(1, List.of("--slot", "1"));
        List<String> tls = command.argv(1, List.of("--slot", "1"), List.of("-Xmx130m", "-XX:TieredStopAtLevel=4"));

        assertNotEquals(plain.get(1), tls.get(1));
        assertEquals(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-cp", "/opt/w/*", "tcpecho.worker.WorkerMain"),
                Files.readAllLines(Path.of(plain.get(1).substring(1))));
        assertEquals(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xmx130m", "-XX:TieredStopAtLevel=4", "-cp",
                "/opt/w/*", "tcpecho.worker.WorkerMain"), Files.readAllLines(Path.of(tls.get(1).substring(1))));
        assertTrue(tls.subList(2, tls.size()).equals(List.of("--slot", "1")));
    }
}
