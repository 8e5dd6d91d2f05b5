package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LoopPortsTest {
    @Test
    void holdsTheServicesKnownToLoopOrAmplify() {
        for (int port : new int[] {0, 7, 9, 11, 13, 17, 19, 37, 53, 69, 111, 123, 137, 138, 161, 162}) {
            assertTrue(LoopPorts.contains(port), "port " + port);
        }
    }

    @Test
    void leavesOtherPortsAlone() {
        for (int port : new int[] {1, 8, 10, 18, 20, 136, 139, 160, 163, 1024, 8090, 32768, 60999, 65535}) {
            assertFalse(LoopPorts.contains(port), "port " + port);
        }
    }

    @Test
    void describesItselfAsTheDocsShowIt() {
        assertEquals("0, 7, 9, 11, 13, 17, 19, 37, 53, 69, 111, 123, 137-138, 161-162, 389, 1900, 3702, 5353, 11211",
                LoopPorts.describe());
    }

    /** The list lives here; the README and the sample config repeat it, so they must not drift. */
    @Test
    void theDocsListTheSamePorts() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        for (String doc : new String[] {"README.md", "config/tcp-echo.toml"}) {
            String text = Files.readString(root.resolve(doc), StandardCharsets.UTF_8).replaceAll("\\s*\\n\\s*#?\\s*", " ");
            assertTrue(text.contains(LoopPorts.describe()), doc + " lists the loop ports as " + LoopPorts.describe());
        }
    }
}
