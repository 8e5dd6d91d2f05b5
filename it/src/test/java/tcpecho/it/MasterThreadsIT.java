package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The master's thread count does not grow with its workers or its control connections: one thread
 * serves the whole control socket. With a reader and a writer thread per connection it was 21 with
 * 2 workers and 24 with 4.
 */
class MasterThreadsIT {
    /**
     * A bare JVM with the master's flags runs 15 threads (bench/run.sh's footprint), one of them a C1
     * compiler thread; issue 15 allows the master 4 more. Compiler threads come and go with the JIT's
     * queue, so they are left out of the counts compared here: 19 - 1.
     */
    private static final int MAX_STEADY_THREADS = 18;
    private static final Duration SETTLE = Duration.ofSeconds(10);

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void threadsStayTheSameWithTwoAndFourWorkersAndOpenControlConnections() throws Exception {
        MasterProcess master = masters.start();
        List<String> withTwo = steadyThreads(master.pid());
        assertTrue(withTwo.size() <= MAX_STEADY_THREADS, "at most " + MAX_STEADY_THREADS + " threads: " + withTwo);

        Cli.Result scale = master.cli("scale", "4");
        assertEquals(0, scale.code(), scale.toString());
        assertEquals("scaled: generation 2 serving with 4 workers", scale.stdout().strip());
        // The scale reply comes when generation 2 serves; generation 1's workers may still be draining.
        Poll.until(SETTLE, "only generation 2's 4 workers", () -> {
            List<JsonObject> workers = MasterProcess.workers(master.status());
            return workers.size() == 4 && workers.stream().allMatch(w -> w.get("generation").getAsLong() == 2);
        });
        Poll.until(SETTLE, "as many threads with 4 workers as with 2 (" + withTwo.size() + ")",
                () -> steadyThreads(master.pid()).size() == withTwo.size());

        List<SocketChannel> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                idle.add(SocketChannel.open(StandardProtocolFamily.UNIX));
                idle.get(i).connect(UnixDomainSocketAddress.of(master.controlSocket));
            }
            Cli.Result reload = master.cli("reload");
            assertEquals(0, reload.code(), reload.toString());
            JsonObject info = master.status().getAsJsonObject("master");
            assertEquals(3, info.get("generation").getAsLong(), info.toString());
            Poll.until(SETTLE, "as many threads with 8 idle control connections open (" + withTwo.size() + ")",
                    () -> steadyThreads(master.pid()).size() == withTwo.size());
        } finally {
            for (SocketChannel channel : idle) {
                channel.close();
            }
        }
        assertEquals(0, master.cli("status").code(), "the master still answers after the idle connections close");
    }

    /** The names of the master's threads (/proc/PID/task/TID/comm), compiler threads left out. */
    private static List<String> steadyThreads(long pid) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(task -> read(task.resolve("comm")))
                    .filter(name -> !name.isEmpty() && !name.startsWith("C1 CompilerThre")
                            && !name.startsWith("C2 CompilerThre"))
                    .sorted().toList();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException gone) {
            // a thread that ended between the listing and the read
            return "";
        }
    }
}
