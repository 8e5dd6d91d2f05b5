package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Random, mutated, oversized and truncated input on the control socket gets an error reply or a
 * closed connection, never a crash or a stuck master. Verbs that would legitimately stop or
 * reshape the server (STOP, SCALE, RELOAD) are kept out of the generated lines.
 */
class ControlFuzzIT {
    private static final int MESSAGES = 12_000;
    private static final int PER_CONNECTION = 200;
    private static final List<String> SEEDS = List.of(
            "STATUS", "REOPEN", "HELLO slot=1 generation=1 pid=1", "READY", "HEARTBEAT connections=1 bytes_in=5",
            "DRAINING connections=2", "QUIT timeout_ms=5", "TERMINATE", "OK", "ERROR message=x", "NOPE a=b");

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void theMasterSurvivesGarbageOnItsControlSocket() throws Exception {
        MasterProcess master = masters.start();
        List<Long> workersBefore = master.workerPids();
        Random random = new Random(862);
        int sent = 0;
        while (sent < MESSAGES) {
            sent += fuzzOneConnection(master, random);
        }
        sent += oversizedLine(master);
        sent += unreadReplies(master);

        assertTrue(sent >= 10_000, "sent " + sent + " messages");
        assertEquals(workersBefore, master.workerPids(), "worker pids after the fuzzing");
        assertTrue(master.status().has("workers"), "status still answers");
        assertEquals(0, master.cli("status").code(), "status command exit code");
        byte[] data = EchoClient.random(10_000, 7);
        assertArrayEquals(data, EchoClient.echo(master.port, data), "echo after the fuzzing");
    }

    /** Sends a burst of lines on one connection, ending it abruptly mid-line half the time. */
    private static int fuzzOneConnection(MasterProcess master, Random random) throws IOException {
        int count = 0;
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(master.controlSocket));
            StringBuilder burst = new StringBuilder();
            for (; count < PER_CONNECTION; count++) {
                burst.append(line(random)).append('\n');
            }
            if (random.nextBoolean()) {
                burst.append("STATUS truncated=");
            }
            write(channel, burst.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException closedByMaster) {
            // the master closes a connection on a malformed line: that is the expected answer
        }
        return count;
    }

    private static String line(Random random) {
        return switch (random.nextInt(4)) {
            case 0 -> randomBytes(random);
            case 1 -> mutate(SEEDS.get(random.nextInt(SEEDS.size())), random);
            case 2 -> SEEDS.get(random.nextInt(SEEDS.size()));
            default -> "STATUS";
        };
    }

    private static String randomBytes(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(80)];
        random.nextBytes(bytes);
        return new String(bytes, StandardCharsets.ISO_8859_1).replace('\n', ' ');
    }

    private static String mutate(String seed, Random random) {
        StringBuilder text = new StringBuilder(seed);
        for (int i = random.nextInt(4); i >= 0; i--) {
            int at = random.nextInt(text.length() + 1);
            switch (random.nextInt(3)) {
                case 0 -> text.insert(at, (char) (32 + random.nextInt(95)));
                case 1 -> text.insert(at, "%" + Integer.toHexString(random.nextInt(256)));
                default -> {
                    if (at < text.length()) {
                        text.deleteCharAt(at);
                    }
                }
            }
        }
        String result = text.toString();
        return result.startsWith("STOP") || result.startsWith("SCALE") || result.startsWith("RELOAD") ? "NOPE" : result;
    }

    /** A line far over the 64 KiB limit: the master must drop the connection, not buffer it. */
    private static int oversizedLine(MasterProcess master) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(master.controlSocket))) {
            write(channel, ("STATUS x=" + "a".repeat(1 << 20)).getBytes(StandardCharsets.US_ASCII));
        } catch (IOException closedByMaster) {
            // expected once the limit is passed
        }
        return 1;
    }

    /** Many requests whose replies are never read: the master must not block writing them. */
    private static int unreadReplies(MasterProcess master) {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(master.controlSocket))) {
            write(channel, "STATUS\n".repeat(2000).getBytes(StandardCharsets.US_ASCII));
            assertTrue(master.status().has("master"), "status answers while another peer ignores its replies");
        } catch (IOException closedByMaster) {
            // the master may drop a peer that does not read
        }
        return 2000;
    }

    private static void write(SocketChannel channel, byte[] bytes) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}
