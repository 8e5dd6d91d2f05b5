package tcpecho.master.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecureDirectoryTest {
    @TempDir
    Path temp;

    @Test
    void aMissingDirectoryIsCreatedForItsOwnerOnly() throws IOException {
        Path dir = temp.resolve("run/tcp-echo-master");
        SecureDirectory.prepare(dir);
        assertEquals(0700, mode(dir));
    }

    @Test
    void aSharedStickyDirectoryKeepsItsMode() throws IOException {
        // As /tmp: a control socket there once made /tmp 0700 for everyone.
        Path shared = Files.createDirectory(temp.resolve("shared"));
        Files.setAttribute(shared, "unix:mode", 01777);
        SecureDirectory.prepare(shared);
        assertEquals(01777, mode(shared));
    }

    @Test
    void anExistingDirectoryOfOursKeepsItsMode() throws IOException {
        Path dir = Files.createDirectory(temp.resolve("ours"));
        Files.setAttribute(dir, "unix:mode", 0755);
        SecureDirectory.prepare(dir);
        assertEquals(0755, mode(dir));
    }

    @Test
    void aDirectoryOthersCanWriteWithoutStickyIsRefused() throws IOException {
        Path open = Files.createDirectory(temp.resolve("open"));
        Files.setAttribute(open, "unix:mode", 0777);
        IOException refused = assertThrows(IOException.class, () -> SecureDirectory.prepare(open));
        assertEquals("control socket directory " + open + " (mode 777) can be written by other users, who could replace"
                + " the socket; choose another --control-socket", refused.getMessage());
    }

    private static int mode(Path path) throws IOException {
        return (Integer) Files.getAttribute(path, "unix:mode") & 07777;
    }
}
