package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Type=notify: the master tells a real datagram socket READY, RELOADING/READY, STOPPING and STATUS. */
class SystemdNotifyIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Pattern MONOTONIC = Pattern.compile("(?m)^MONOTONIC_USEC=(\\d+)$");

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void notifiesAPathSocket() throws Exception {
        MasterProcess master = masters.create();
        lifecycle(master, master.dir.resolve("notify.sock").toString());
    }

    @Test
    void notifiesAnAbstractSocket() throws Exception {
        MasterProcess master = masters.create();
        lifecycle(master, "@tcp-echo-it-" + ProcessHandle.current().pid() + "-" + master.port);
    }

    private static void lifecycle(MasterProcess master, String address) throws Exception {
        try (NotifyListener systemd = new NotifyListener(address)) {
            master.env.put("NOTIFY_SOCKET", address);
            master.launch(master.startArgs());

            NotifyListener.Notice ready = systemd.await("READY=1", n -> n.has("READY=1"), WAIT);
            assertTrue(ready.has("STATUS=serving 2 workers, generation 1"), ready.text());
            // READY=1 means serving: every worker had reported READY when it was sent.
            JsonObject status = master.status();
            MasterProcess.workers(status).forEach(w -> assertEquals("ready", w.get("state").getAsString(), w.toString()));
            for (long worker : master.workerPids()) {
                assertFalse(environment(worker).contains("NOTIFY_SOCKET="), "worker " + worker + " inherited NOTIFY_SOCKET");
            }

            Cli.Result reload = master.cli("reload");
            assertEquals(0, reload.code(), reload.toString());
            NotifyListener.Notice reloading = systemd.await("RELOADING=1", n -> n.has("RELOADING=1"), WAIT);
            Matcher usec = MONOTONIC.matcher(reloading.text());
            assertTrue(usec.find(), reloading.text());
            // MONOTONIC_USEC is CLOCK_MONOTONIC: python read the same clock when the datagram arrived.
            long lag = reloading.receivedMicros() - Long.parseLong(usec.group(1));
            assertTrue(lag >= 0 && lag < 5_000_000, "MONOTONIC_USEC " + usec.group(1) + " vs receipt " + reloading.receivedMicros());
            NotifyListener.Notice reloaded = systemd.await("READY=1 after the reload", n -> n.has("READY=1"), WAIT);
            assertTrue(reloaded.has("STATUS=serving 2 workers, generation 2"), reloaded.text());

            Cli.Result stop = master.cli("stop");
            assertEquals(0, stop.code(), stop.toString());
            NotifyListener.Notice stopping = systemd.await("STOPPING=1", n -> n.has("STOPPING=1"), WAIT);
            assertTrue(stopping.text().contains("STATUS=stopping: stop request"), stopping.text());
            List<NotifyListener.Notice> all = systemd.seen();
            assertTrue(all.stream().allMatch(n -> n.text().contains("STATUS=")), "every notice carries a STATUS line: " + all);
        }
    }

    private static String environment(long pid) throws Exception {
        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ"))).replace('\0', '\n');
    }
}
