package tcpecho.master.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;
import tcpecho.common.log.Log;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.LineAssembler;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;
import tcpecho.common.wire.Verb;

/**
 * The master's Unix control socket: workers and the CLI connect here.
 *
 * <p>The socket is 0600 inside a 0700 directory, and a peer whose uid is neither ours nor root's
 * is refused. One thread accepts; each connection gets a reader thread that only decodes lines and
 * hands them to the {@link ControlListener}; all decisions are the master thread's.
 * Accepting holds {@code descriptorLock}'s read side because the spawner lists the master's open
 * descriptors to close them in the child: a descriptor created mid-spawn would leak into a worker.
 */
public final class ControlServer implements AutoCloseable {
    private final Path path;
    private final ControlListener listener;
    private final Lock descriptorLock;
    private final AtomicLong ids = new AtomicLong();
    private ServerSocketChannel server;
    private Selector selector;
    private volatile boolean closing;
    private boolean bound;

    public ControlServer(Path path, ControlListener listener, Lock descriptorLock) {
        this.path = path;
        this.listener = listener;
        this.descriptorLock = descriptorLock;
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
        server.configureBlocking(false);
        selector = Selector.open();
        server.register(selector, SelectionKey.OP_ACCEPT);
        Thread acceptor = new Thread(this::acceptLoop, "control-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void acceptLoop() {
        while (!closing) {
            try {
                selector.select();
                selector.selectedKeys().clear();
                SocketChannel channel;
                descriptorLock.lock();
                try {
                    channel = server.accept();
                } finally {
                    descriptorLock.unlock();
                }
                if (channel != null) {
                    admit(channel);
                }
            } catch (IOException | RuntimeException failed) {
                if (!closing) {
                    Log.get().error("control socket accept failed", failed);
                    pause();
                }
            }
        }
    }

    private void admit(SocketChannel channel) throws IOException {
        if (!PeerCheck.allowed(channel)) {
            channel.close();
            return;
        }
        ControlConnection connection = new ControlConnection(ids.incrementAndGet(), channel);
        Thread reader = new Thread(() -> readLoop(connection), "control-" + connection.id());
        reader.setDaemon(true);
        reader.start();
    }

    private void readLoop(ControlConnection connection) {
        LineAssembler lines = new LineAssembler();
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        try {
            while (connection.channel().read(buffer.clear()) >= 0) {
                for (String line : lines.feed(buffer.flip())) {
                    listener.received(connection, MessageCodec.decode(line));
                }
            }
        } catch (MalformedMessageException malformed) {
            Log.get().warn("closing " + connection.peer() + ": malformed control message: " + malformed.getMessage());
            connection.send(new ErrorReply("malformed message: " + malformed.getMessage()).encode());
        } catch (IOException gone) {
            Log.get().debug(connection.peer() + " control connection failed: " + gone.getMessage());
        }
        // The master closes it (after writing any reply still queued) when it handles this event.
        listener.closed(connection);
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing = true;
        try {
            if (selector != null) {
                selector.close();
            }
            if (server != null) {
                server.close();
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
