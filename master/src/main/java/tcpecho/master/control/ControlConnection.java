package tcpecho.master.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import tcpecho.common.log.Log;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;

/** One accepted control connection: a worker or a CLI request. Sends are thread-safe. */
public final class ControlConnection {
    private final long id;
    private final SocketChannel channel;
    private volatile String peer = "control connection";

    ControlConnection(long id, SocketChannel channel) {
        this.id = id;
        this.channel = channel;
    }

    public long id() {
        return id;
    }

    SocketChannel channel() {
        return channel;
    }

    /** Names the peer in log lines once it has said who it is, e.g. {@code worker[2]}. */
    public void setPeer(String peer) {
        this.peer = peer;
    }

    public String peer() {
        return peer;
    }

    /** Sends one message; a peer that has gone away is closed, not an error for the caller. */
    public synchronized boolean send(Message message) {
        ByteBuffer bytes = ByteBuffer.wrap(MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            return true;
        } catch (IOException gone) {
            Log.get().debug("cannot send " + message.verb() + " to " + peer + ": " + gone.getMessage());
            close();
            return false;
        }
    }

    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the peer is gone either way
        }
    }

    public boolean isOpen() {
        return channel.isOpen();
    }
}
