package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerJvmOptionsTest {
    @Test
    void commentsAndBlankLinesAreSkippedAndWhitespaceSeparates() {
        List<String> lines = List.of("# the lean set", "", "-Xmx32m   # trailing comment",
                "  --add-opens java.base/sun.nio.ch=ALL-UNNAMED");

        assertEquals(List.of("-Xmx32m", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"), WorkerJvmOptions.parse(lines));
    }
}
