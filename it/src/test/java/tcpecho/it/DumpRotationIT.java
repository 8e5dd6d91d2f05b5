package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code tcp-echo-master reopen} reaches a proxy's dump-file in every worker, as it does their logs. */
class DumpRotationIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void reopenMovesEveryWorkersDumpToTheNewFile() throws Exception {
        MasterProcess master = masters.create();
        int upstream = MasterProcess.freePort();
        Path dump = master.dir.resolve("px.dump");
        Path config = ListenersIT.writeConfig(master, ListenersIT.listener("up", upstream)
                + ListenersIT.listener("px", master.port) + "protocol = \"proxy\"\nupstream = \"127.0.0.1:" + upstream
                + "\"\ndump-file = \"" + dump + "\"\n");
        master.start("-c", config.toString());
        roundTrip(master.port, "before rotation");
        Poll.until(Duration.ofSeconds(10), "the first chunk in the dump", () -> countOf(dump, "  before rotation") == 2);

        Path rotated = master.dir.resolve("px.dump.1");
        Files.move(dump, rotated);
        assertEquals(0, master.cli("reopen").code());
        Poll.until(Duration.ofSeconds(10), "every worker to reopen the dump", () -> master.log().lines()
                .filter(l -> l.contains("listener 'px': dump-file " + dump + " reopened")).count() == master.workerPids().size());
        roundTrip(master.port, "after rotation");

        Poll.until(Duration.ofSeconds(10), "the second chunk in the new dump", () -> countOf(dump, "  after rotation") == 2);
        assertEquals(2, countOf(rotated, "  before rotation"));
        assertFalse(Files.readString(rotated).contains("after rotation"), Files.readString(rotated));
    }

    private static void roundTrip(int port, String text) throws Exception {
        byte[] data = (text + "\n").getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(data, EchoClient.echo(port, data));
    }

    /** Lines equal to {@code line} in {@code file}: one per direction of a chunk. */
    private static long countOf(Path file, String line) {
        try {
            return Files.exists(file) ? Files.readString(file).lines().filter(line::equals).count() : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
