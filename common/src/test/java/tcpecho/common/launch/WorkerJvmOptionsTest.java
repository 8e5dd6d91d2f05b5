package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerJvmOptionsTest {
    @Test
    void commentsAndBlankLinesAreSkippedAndWhitespaceSeparates() {
        List<String> lines = List.of("# the lean set", "", "-Xmx32m   # trailing comment",
                "  --add-opens java.base/sun.nio.ch=ALL-UNNAMED");

        assertEquals(List.of("-Xmx32m", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"), WorkerJvmOptions.parse(lines));
    }

    @Test
    void jdk25AndLaterAddTheirOwnFileAfterTheCommonOne(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(WorkerJvmOptions.FILE_NAME), "-Xmx32m\n");
        Files.writeString(dir.resolve(WorkerJvmOptions.NEWER_JDK_FILE_NAME), "# 25 only\n-XX:+UseCompactObjectHeaders\n");

        assertEquals(List.of("-Xmx32m"), WorkerJvmOptions.read(dir, 17));
        assertEquals(List.of("-Xmx32m"), WorkerJvmOptions.read(dir, 24));
        assertEquals(List.of("-Xmx32m", "-XX:+UseCompactObjectHeaders"), WorkerJvmOptions.read(dir, 25));
        assertEquals(List.of("-Xmx32m", "-XX:+UseCompactObjectHeaders"), WorkerJvmOptions.read(dir, 26));
    }
}
