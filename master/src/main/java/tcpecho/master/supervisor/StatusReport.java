package tcpecho.master.supervisor;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.List;
import tcpecho.common.wire.DropReason;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;
import tcpecho.config.Settings;
import tcpecho.master.net.ListenerSpec;

/** The {@code status} answer: one JSON object (gson) that the CLI prints as is or as a table. */
final class StatusReport {
    private static final Gson GSON = new Gson();

    private StatusReport() {
    }

    static String json(long pid, long generation, long reloads, long failedReloads, Settings settings,
                       List<ListenerBinding> listeners, Workers workers, long uptimeNanos, long now) {
        JsonObject master = new JsonObject();
        master.addProperty("pid", pid);
        master.addProperty("generation", generation);
        master.addProperty("uptime_s", Duration.ofNanos(uptimeNanos).toSeconds());
        master.addProperty("workers_wanted", settings.workers());
        master.addProperty("reloads", reloads);
        master.addProperty("failed_reloads", failedReloads);
        master.addProperty("control_socket", settings.controlSocket().toString());
        JsonArray endpoints = new JsonArray();
        Listeners.endpoints(listeners).forEach(endpoints::add);
        master.add("listeners", endpoints);

        JsonArray list = new JsonArray();
        for (WorkerProcess worker : workers.all()) {
            list.add(worker(worker, restartsOf(workers, worker), now));
        }
        JsonArray failed = new JsonArray();
        for (Slot slot : workers.slots()) {
            if (slot.failed() || (slot.worker == null && slot.respawnAt >= 0)) {
                JsonObject entry = new JsonObject();
                entry.addProperty("slot", slot.number);
                entry.addProperty("restarts", slot.restarts);
                entry.addProperty("state", slot.failed() ? "failed" : "respawning");
                entry.addProperty("reason", slot.failed() ? slot.failure : "waiting for backoff");
                failed.add(entry);
            }
        }
        JsonObject status = new JsonObject();
        status.add("master", master);
        status.add("workers", list);
        status.add("slots_down", failed);
        status.add("listeners", listeners(listeners, workers.all()));
        return GSON.toJson(status);
    }

    /**
     * One entry per listener with its counters summed over every live worker, draining ones
     * included, as the worker rows are. A worker that does not report per-listener counters adds 0.
     */
    static JsonArray listeners(List<ListenerBinding> listeners, List<WorkerProcess> workers) {
        JsonArray list = new JsonArray();
        for (ListenerBinding binding : listeners) {
            ListenerSpec spec = binding.spec();
            ListenerCounters sum = CounterTotals.sum(spec.name(), workers);
            JsonObject entry = new JsonObject();
            entry.addProperty("name", spec.name());
            entry.addProperty("protocol", spec.protocol());
            entry.addProperty("transport", spec.transport());
            entry.addProperty("endpoint", spec.endpoint());
            entry.addProperty("connections", sum.connections());
            entry.addProperty("accepted", sum.accepted());
            entry.addProperty("bytes_in", sum.bytesIn());
            entry.addProperty("bytes_out", sum.bytesOut());
            entry.add("dropped", dropped(CounterTotals.drops(spec.name(), workers), spec.transport()));
            list.add(entry);
        }
        return list;
    }

    /** By reason; a UDP listener shows every reason, 0s included, so a reader sees what is checked. */
    private static JsonObject dropped(ListenerDrops drops, String transport) {
        JsonObject byReason = new JsonObject();
        for (DropReason reason : DropReason.values()) {
            if (transport.equals("udp") || drops.count(reason) > 0) {
                byReason.addProperty(reason.label(), drops.count(reason));
            }
        }
        return byReason;
    }

    private static JsonObject worker(WorkerProcess worker, int restarts, long now) {
        JsonObject entry = new JsonObject();
        entry.addProperty("slot", worker.slot);
        entry.addProperty("pid", worker.pid);
        entry.addProperty("generation", worker.generation);
        entry.addProperty("state", worker.stateLabel());
        entry.addProperty("connections", worker.connections);
        entry.addProperty("accepted", worker.accepted);
        entry.addProperty("bytes_in", worker.bytesIn);
        entry.addProperty("bytes_out", worker.bytesOut);
        entry.addProperty("restarts", restarts);
        entry.addProperty("heartbeat_age_ms", Duration.ofNanos(now - worker.lastHeartbeat).toMillis());
        return entry;
    }

    private static int restartsOf(Workers workers, WorkerProcess worker) {
        return workers.slots().stream().filter(s -> s.worker == worker).mapToInt(s -> s.restarts).findFirst().orElse(0);
    }
}
