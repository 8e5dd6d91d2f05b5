package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Another user cannot use the control socket: the 0700 directory stops them first, and if an
 * operator opens the permissions anyway, the master's peer-credential check refuses and logs them.
 * The other user is {@code nobody}, reached with setpriv, which needs root; CI runs as root. Debian's
 * /usr/bin/python3 (which .ci/run installs) is the client: a python3 under root's home is not
 * reachable by nobody.
 */
class ControlPeerIT {
    private static final String NOBODY = "65534";
    /** Connects, sends STATUS, prints what came back or the error's name. */
    private static final String CLIENT = String.join("\n",
            "import socket, sys",
            "s = socket.socket(socket.AF_UNIX)",
            "try:",
            "    s.connect(sys.argv[1])",
            "    s.sendall(b'STATUS\\n')",
            "    s.settimeout(10)",
            "    data = s.recv(65536)",
            "    print('REPLY ' + repr(data))",
            "except OSError as e:",
            "    print(type(e).__name__)");

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void anotherUserIsStoppedByPermissionsAndThenByPeerCredentials() throws Exception {
        assumeTrue(System.getProperty("user.name").equals("root"), "needs root to act as another user");
        MasterProcess master = masters.start();

        assertEquals("PermissionError", asNobody(master.controlSocket), "the 0700 directory keeps nobody out");

        Path dir = master.controlSocket.getParent();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(master.controlSocket, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            // The master closes at once without reading: the client sees EOF, or a reset or broken pipe
            // when its STATUS line arrives after the close. Never an answer.
            String outcome = asNobody(master.controlSocket);
            assertTrue(Set.of("REPLY b''", "ConnectionResetError", "BrokenPipeError").contains(outcome),
                    "closed without an answer, got: " + outcome);
        } finally {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(master.controlSocket, PosixFilePermissions.fromString("rw-------"));
        }
        Poll.until(Duration.ofSeconds(5), "the refusal in the log",
                () -> master.log().contains("refused control connection from user nobody"));
        assertEquals(0, master.cli("status").code(), "the master still answers its own user");
    }

    private static String asNobody(Path socket) {
        Cli.Result result = Cli.run(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups",
                "/usr/bin/python3", "-c", CLIENT, socket.toString()));
        assertEquals(0, result.code(), result.toString());
        return result.stdout().strip();
    }
}
