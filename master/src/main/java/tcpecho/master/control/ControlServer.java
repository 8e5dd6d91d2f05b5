package tcpecho.master.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import tcpecho.common.log.Log;

/**
 * The master's Unix control socket: workers and the CLI connect here.
 *
 * <p>The socket is 0600 inside a 0700 directory, and a peer whose uid is neither ours nor root's
 * is refused. The {@link ControlLoop} accepts and serves the connections.
 */
public final class ControlServer implements AutoCloseable {
    private final Path path;
    private final ControlLoop loop;
    private ServerSocketChannel server;
    private boolean bound;

    public ControlServer(Path path, ControlLoop loop) {
        this.path = path;
        this.loop = loop;
    }

    public Path path() {
        return path;
    }

    /** Binds the socket, replacing a stale one; fails if a live master answers on it. */
    public void open() throws IOException, AlreadyRunningException {
        SecureDirectory.prepare(path.getParent());
        if (Files.exists(path)) {
            if (ControlClient.answers(path)) {
                throw AlreadyRunningException.on(path);
            }
            Log.get().warn("removing stale control socket " + path + " left by a master that is gone");
            Files.delete(path);
        }
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(path));
        bound = true;
        Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        loop.accept(server);
    }

    /** Stops accepting; connections already accepted stay with the loop. */
    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
                loop.wakeup();
            }
            // Only the socket we bound is ours to remove: a second master that found a live one
            // must leave it alone.
            if (bound) {
                Files.deleteIfExists(path);
            }
        } catch (IOException failed) {
            Log.get().warn("cannot remove control socket " + path + ": " + failed.getMessage());
        }
    }

    /** Peer credentials: our own uid, or root (who can read our memory anyway), may connect. */
    static final class PeerCheck {
        private PeerCheck() {
        }

        static boolean allowed(SocketChannel channel) throws IOException {
            UnixDomainPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
            String self = System.getProperty("user.name");
            String user = peer.user().getName();
            if (user.equals(self) || user.equals("root")) {
                return true;
            }
            Log.get().warn("refused control connection from user " + user + " (only " + self + " and root may connect)");
            return false;
        }
    }
}
