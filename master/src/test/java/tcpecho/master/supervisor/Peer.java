package tcpecho.master.supervisor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tcpecho.common.wire.LineAssembler;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;

/**
 * One end of a real connection to the master's control socket, as a worker or the CLI holds it.
 * Reads never block: the test thread also turns the master's loop, so it collects what has arrived.
 */
final class Peer implements AutoCloseable {
    private final SocketChannel channel;
    private final LineAssembler lines = new LineAssembler();
    private final List<Message> received = new ArrayList<>();

    private Peer(SocketChannel channel) {
        this.channel = channel;
    }

    static Peer connect(Path socket) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        channel.configureBlocking(false);
        return new Peer(channel);
    }

    Peer send(Message message) {
        ByteBuffer bytes = ByteBuffer.wrap(MessageCodec.encode(message).getBytes(StandardCharsets.UTF_8));
        try {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
        return this;
    }

    /** Everything the master sent so far, in order. */
    List<Message> received() {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (channel.read(buffer) > 0) {
                buffer.flip();
                for (String line : lines.feed(buffer)) {
                    received.add(MessageCodec.decode(line));
                }
                buffer.clear();
            }
        } catch (IOException closed) {
            // the master closed the connection: what came before it stays readable
        } catch (MalformedMessageException bad) {
            throw new AssertionError("the master sent a malformed line: " + bad.getMessage(), bad);
        }
        return List.copyOf(received);
    }

    /** Forgets the last message received, an answer the test asked for only to know where the master is. */
    void forgetLast() {
        received.remove(received.size() - 1);
    }

    /** The verbs the master sent so far, e.g. {@code [QUIT]}. */
    List<String> verbs() {
        return received().stream().map(Message::verb).toList();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
