package tcpecho.it;

import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real Unix datagram socket standing in for systemd's notify socket. The JDK has no Unix datagram
 * sockets, so python3 binds it (a path, or {@code @name} for an abstract one) and prints each
 * datagram as one JSON string line, prefixed with its own CLOCK_MONOTONIC in microseconds at receipt.
 */
final class NotifyListener implements AutoCloseable {
    private static final String SCRIPT = String.join("\n",
            "import json, socket, sys, time",
            "address = sys.argv[1]",
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
            "s.bind('\\0' + address[1:] if address.startswith('@') else address)",
            "print('BOUND', flush=True)",
            "while True:",
            "    data = s.recv(65536)",
            "    print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000, json.dumps(data.decode()), flush=True)");

    record Notice(long receivedMicros, String text) {
        boolean has(String line) {
            return List.of(text.split("\n")).contains(line);
        }
    }

    final String address;
    private final Process python;
    private final BlockingQueue<Notice> notices = new LinkedBlockingQueue<>();
    private final List<Notice> seen = new ArrayList<>();

    NotifyListener(String address) {
        this.address = address;
        try {
            python = new ProcessBuilder("python3", "-c", SCRIPT, address).redirectErrorStream(true).start();
            BufferedReader lines = new BufferedReader(new InputStreamReader(python.getInputStream(), StandardCharsets.UTF_8));
            String first = lines.readLine();
            if (!"BOUND".equals(first)) {
                throw new AssertionError("python3 could not bind " + address + ": " + first);
            }
            Thread reader = new Thread(() -> read(lines), "notify-listener");
            reader.setDaemon(true);
            reader.start();
        } catch (IOException failed) {
            throw new UncheckedIOException(failed);
        }
    }

    private void read(BufferedReader lines) {
        try {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                int space = line.indexOf(' ');
                notices.add(new Notice(Long.parseLong(line.substring(0, space)),
                        JsonParser.parseString(line.substring(space + 1)).getAsString()));
            }
        } catch (IOException | RuntimeException ended) {
            // the listener was closed
        }
    }

    /** The next notice that matches, skipping (but remembering) the ones before it. */
    Notice await(String what, Predicate<Notice> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Notice notice = notices.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (notice == null) {
                throw new AssertionError("no notice with " + what + " within " + timeout.toSeconds() + " s; got " + seen);
            }
            seen.add(notice);
            if (wanted.test(notice)) {
                return notice;
            }
        }
    }

    /** Every notice received so far, in order. */
    List<Notice> seen() {
        notices.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        python.destroyForcibly();
    }
}
