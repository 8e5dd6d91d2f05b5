package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArgFileTest {
    @Test
    void plainOptionsStayBareAndOthersAreQuotedAsTheLauncherReadsThem() {
        assertEquals("-XX:+UseSerialGC", ArgFile.quote("-XX:+UseSerialGC"));
        assertEquals("/opt/dist/worker/*", ArgFile.quote("/opt/dist/worker/*"));
        assertEquals("\"/home/a b/dist\"", ArgFile.quote("/home/a b/dist"));
        assertEquals("\"-Dx=say \\\"hi\\\" \\\\ #1\"", ArgFile.quote("-Dx=say \"hi\" \\ #1"));
        assertEquals("\"\"", ArgFile.quote(""));
    }

    @Test
    void theFileIsNamedByItsContentAndWrittenAgainWhenRemoved(@TempDir Path dir) throws IOException {
        ArgFile file = ArgFile.of(dir, "worker", List.of("-Xmx32m", "-cp", "/a b/*", "Main"));
        assertEquals(file.path(), ArgFile.of(dir, "worker", List.of("-Xmx32m", "-cp", "/a b/*", "Main")).path());
        assertNotEquals(file.path(), ArgFile.of(dir, "worker", List.of("-Xmx64m", "-cp", "/a b/*", "Main")).path());
        assertEquals(dir, file.path().getParent());

        assertEquals("-Xmx32m\n-cp\n\"/a b/*\"\nMain\n", Files.readString(file.ensure(), StandardCharsets.UTF_8));
        Files.delete(file.path());
        assertEquals(file.text(), Files.readString(file.ensure(), StandardCharsets.UTF_8));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file.path()), files.toList(), "no partial file left behind");
        }
    }

    @Test
    void theJavaLauncherReadsBackEveryArgument(@TempDir Path dir) throws IOException, InterruptedException {
        String value = "say \"hi\" \\ #1 'x'";
        Path file = ArgFile.of(dir, "t", List.of("-Dtcpecho.test=" + value, "-XshowSettings:properties")).ensure();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "@" + file, "-version").redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertEquals(List.of("tcpecho.test = " + value),
                output.lines().map(String::strip).filter(line -> line.startsWith("tcpecho.test")).toList(), output);
    }
}
