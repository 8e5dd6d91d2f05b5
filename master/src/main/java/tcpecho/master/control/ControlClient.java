package tcpecho.master.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tcpecho.common.wire.LineAssembler;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.MessageCodec;

/** The CLI's side of the control socket: one request, one reply line. */
public final class ControlClient {

    private ControlClient() {
    }

    /** Whether a live master accepts connections on {@code path} (a stale socket refuses them). */
    public static boolean answers(Path path) {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(path));
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    /**
     * Sends {@code request} and waits up to {@code timeout} for the reply.
     *
     * @throws NotRunningException when nothing listens on {@code path}
     */
    public static Message request(Path path, Message request, Duration timeout)
            throws NotRunningException, IOException {
        if (!Files.exists(path)) {
            throw new NotRunningException(path);
        }
        SocketChannel channel;
        try {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(path));
        } catch (IOException refused) {
            throw new NotRunningException(path);
        }
        ExecutorService waiter = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, "control-reply");
            thread.setDaemon(true);
            return thread;
        });
        try (channel) {
            channel.write(ByteBuffer.wrap(MessageCodec.encode(request).getBytes(StandardCharsets.UTF_8)));
            Future<Message> reply = waiter.submit(() -> readReply(channel));
            return reply.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException slow) {
            throw new IOException("no reply to " + request.verb() + " from the master within " + timeout.toSeconds() + " s");
        } catch (ExecutionException failed) {
            throw new IOException("reading the master's reply failed: " + failed.getCause().getMessage(), failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the master");
        } finally {
            waiter.shutdownNow();
        }
    }

    private static Message readReply(SocketChannel channel) throws IOException, MalformedMessageException {
        LineAssembler lines = new LineAssembler();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        while (channel.read(buffer.clear()) >= 0) {
            List<String> complete = lines.feed(buffer.flip());
            if (!complete.isEmpty()) {
                return MessageCodec.decode(complete.get(0));
            }
        }
        throw new IOException("the master closed the connection without a reply");
    }
}
