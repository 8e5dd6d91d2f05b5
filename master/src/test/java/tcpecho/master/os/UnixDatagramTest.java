package tcpecho.master.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UnixDatagramTest {
    private static final byte FAMILY_LOW = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? (byte) 1 : 0;
    private static final byte FAMILY_HIGH = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? 0 : (byte) 1;

    @Test
    void aPathIsNulTerminatedAndAnAbstractNameStartsWithNul() {
        assertArrayEquals(new byte[] {FAMILY_LOW, FAMILY_HIGH, '/', 'x', 0}, UnixDatagram.sockaddr("/x"));
        assertArrayEquals(new byte[] {FAMILY_LOW, FAMILY_HIGH, 0, 'x', 'y'}, UnixDatagram.sockaddr("@xy"));
    }

    @Test
    void rejectsAddressesThatDoNotFit() {
        assertThrows(IllegalArgumentException.class, () -> UnixDatagram.sockaddr(""));
        assertThrows(IllegalArgumentException.class, () -> UnixDatagram.sockaddr("@"));
        assertThrows(IllegalArgumentException.class, () -> UnixDatagram.sockaddr("/" + "a".repeat(107)));
    }

    @Test
    void sendsAndReceivesOverAPathAndAnAbstractName() throws Exception {
        Path dir = Files.createTempDirectory("dgram");
        String path = dir.resolve("n.sock").toString();
        String name = "@tcp-echo-test-" + ProcessHandle.current().pid();
        for (String address : new String[] {path, name}) {
            try (UnixDatagram inbox = UnixDatagram.bind(address); UnixDatagram sender = UnixDatagram.open()) {
                assertNull(inbox.receive());
                sender.send(address, "READY=1\nSTATUS=ok\n");
                assertEquals("READY=1\nSTATUS=ok\n", inbox.receive());
            }
        }
        Files.deleteIfExists(Path.of(path));
        Files.delete(dir);
    }

    @Test
    void namesTheCallAndErrnoWhenNobodyListens() throws Exception {
        try (UnixDatagram sender = UnixDatagram.open()) {
            NativeException failed = assertThrows(NativeException.class, () -> sender.send("/nonexistent/n.sock", "READY=1"));
            assertEquals("sendto(/nonexistent/n.sock) failed: ENOENT (No such file or directory)", failed.getMessage());
        }
    }
}
