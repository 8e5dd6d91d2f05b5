package tcpecho.worker;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tcpecho.common.log.Log;
import tcpecho.common.wire.LineAssembler;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;

/**
 * The worker's end of the master's control socket, served by the same selector as the clients.
 * Sends never block the loop: what the socket does not take at once waits here, up to a cap.
 */
final class ControlChannel implements ChannelHandler {
    /** A master that reads nothing for this long is stuck; dropping heartbeats is what shows it. */
    static final int MAX_UNSENT_BYTES = 64 * 1024;

    /** What the worker does with what arrives, and with the connection's end. */
    interface Listener {
        void onMessage(Message message);

        void onClosed(String reason);
    }

    private final SocketChannel channel;
    private final LineAssembler lines = new LineAssembler();
    private final ByteBuffer input = ByteBuffer.allocate(4096);
    private ByteBuffer unsent;
    private Listener listener;
    private SelectionKey key;
    private boolean closed;

    private ControlChannel(SocketChannel channel) {
        this.channel = channel;
    }

    /** Connects in blocking mode, so that HELLO can be sent before the loop starts. */
    static ControlChannel connect(Path path) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(path));
        } catch (IOException e) {
            channel.close();
            throw new IOException("connect(" + path + ") failed: " + Log.describe(e), e);
        }
        return new ControlChannel(channel);
    }

    void register(Selector selector, Listener messages) throws IOException {
        this.listener = messages;
        channel.configureBlocking(false);
        key = channel.register(selector, unsent == null ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE, this);
    }

    /** Sends one message; in blocking mode (before {@link #register}) it is written in full. */
    void send(Message message) throws IOException {
        if (closed) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.wrap(MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8));
        if (unsent == null) {
            channel.write(bytes);
            if (bytes.hasRemaining()) {
                unsent = bytes.slice();
                setWriteInterest(true);
            }
            return;
        }
        if (unsent.remaining() + bytes.remaining() > MAX_UNSENT_BYTES) {
            Log.get().warn("master is not reading the control socket; dropped " + message.verb());
            return;
        }
        unsent = ByteBuffer.allocate(unsent.remaining() + bytes.remaining()).put(unsent).put(bytes).flip();
    }

    @Override
    public void handle(SelectionKey ready) throws IOException {
        if (ready.isWritable()) {
            flush();
        }
        if (ready.isValid() && ready.isReadable()) {
            receive();
        }
    }

    private void flush() throws IOException {
        channel.write(unsent);
        if (!unsent.hasRemaining()) {
            unsent = null;
            setWriteInterest(false);
        }
    }

    private void receive() throws IOException {
        input.clear();
        if (channel.read(input) < 0) {
            close("master closed the control connection");
            return;
        }
        input.flip();
        try {
            for (String line : lines.feed(input)) {
                decode(line);
            }
        } catch (MalformedMessageException tooLong) {
            throw new IOException("control line rejected: " + tooLong.getMessage(), tooLong);
        }
    }

    private void decode(String line) {
        try {
            listener.onMessage(MessageCodec.decode(line));
        } catch (MalformedMessageException e) {
            // One bad line from the master (a version skew, say) is not worth dropping every client.
            Log.get().warn("ignoring malformed control message: " + e.getMessage());
        }
    }

    private void setWriteInterest(boolean write) {
        if (key != null && key.isValid()) {
            key.interestOps(write ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_READ);
        }
    }

    /** Closes the connection and tells the listener, once, why. */
    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the master sees the connection end either way
        }
        if (listener != null) {
            listener.onClosed(reason);
        }
    }
}
