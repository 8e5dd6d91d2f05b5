package tcpecho.master.metrics;

import tcpecho.common.status.Status;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;
import tcpecho.common.launch.Protocol;
import tcpecho.common.wire.DropReason;

/**
 * Renders a {@link MetricsSnapshot} in the Prometheus text exposition format 0.0.4: HELP and TYPE
 * lines, then one sample per line. Hand-written: the format is a few rules (escaping included),
 * and the values already come as a snapshot, not as live metric objects a client library would own.
 */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String[] STATES = {"starting", "ready", "draining", "stopping"};

    private final StringBuilder out = new StringBuilder(4096);

    private PrometheusText() {
    }

    /** The exposition of {@code s}; {@code now} is the snapshot clock's current time. */
    public static String render(MetricsSnapshot s, long now) {
        return render(s, now, new HttpStats());
    }

    /** As {@link #render(MetricsSnapshot, long)}, with what the metrics endpoint did with its own clients. */
    static String render(MetricsSnapshot s, long now, HttpStats http) {
        PrometheusText t = new PrometheusText();
        t.master(s);
        t.workers(s.workers(), now);
        t.server(s);
        t.listeners(s.listeners());
        t.faults(s.faults());
        t.http(http);
        return t.out.toString();
    }

    /** The build, the generation, reloads, and the workers by state and slot. */
    private void master(MetricsSnapshot s) {
        family("tcp_echo_build_info", "gauge", "Always 1; the labels name the build and the JVM.");
        sample("tcp_echo_build_info", labels("version", s.version(), "commit", s.commit(),
                "java", System.getProperty("java.version")), 1);
        family("tcp_echo_master_start_time_seconds", "gauge", "When the master started, in seconds since the epoch.");
        sample("tcp_echo_master_start_time_seconds", "", s.startTimeSeconds());
        family("tcp_echo_generation", "gauge", "The generation of workers serving now; each reload adds one.");
        sample("tcp_echo_generation", "", s.generation());
        family("tcp_echo_reloads_total", "counter", "Reloads that completed.");
        sample("tcp_echo_reloads_total", "", s.reloads());
        family("tcp_echo_reload_failures_total", "counter", "Reloads rejected or failed (the old generation kept serving).");
        sample("tcp_echo_reload_failures_total", "", s.failedReloads());
        family("tcp_echo_workers_wanted", "gauge", "The worker count the master keeps.");
        sample("tcp_echo_workers_wanted", "", s.workersWanted());
        family("tcp_echo_workers", "gauge", "Live worker processes by state.");
        for (String state : STATES) {
            sample("tcp_echo_workers", labels("state", state), s.workers().stream().filter(w -> w.state().equals(state)).count());
        }
        family("tcp_echo_worker_restarts_total", "counter", "Times the master respawned the worker of a slot after it died.");
        for (MetricsSnapshot.SlotRestarts r : s.restarts()) {
            sample("tcp_echo_worker_restarts_total", labels("slot", Integer.toString(r.slot())), r.restarts());
        }
    }

    /** Each live worker's counters, heartbeat age and memory. */
    private void workers(List<MetricsSnapshot.Worker> workers, long now) {
        perWorker(workers, "tcp_echo_connections", "gauge", "Open client connections.", MetricsSnapshot.Worker::connections);
        perWorker(workers, "tcp_echo_accepted_total", "counter", "Connections accepted.", MetricsSnapshot.Worker::accepted);
        perWorker(workers, "tcp_echo_received_bytes_total", "counter", "Bytes received from clients.",
                MetricsSnapshot.Worker::receivedBytes);
        perWorker(workers, "tcp_echo_sent_bytes_total", "counter", "Bytes echoed to clients.",
                MetricsSnapshot.Worker::sentBytes);
        family("tcp_echo_worker_heartbeat_age_seconds", "gauge", "Time since the worker's last heartbeat.");
        for (MetricsSnapshot.Worker w : workers) {
            sample("tcp_echo_worker_heartbeat_age_seconds", workerLabels(w), Math.max(0, now - w.lastHeartbeat()) / 1e9);
        }
        family("tcp_echo_worker_resident_memory_bytes", "gauge", "Resident set size of the worker process.");
        for (MetricsSnapshot.Worker w : workers) {
            if (w.residentBytes() >= 0) {
                sample("tcp_echo_worker_resident_memory_bytes", workerLabels(w), w.residentBytes());
            }
        }
    }

    /** Totals over every worker since the master started. */
    private void server(MetricsSnapshot s) {
        family("tcp_echo_server_connections", "gauge", "Open client connections over all workers.");
        sample("tcp_echo_server_connections", "", s.workers().stream().mapToLong(MetricsSnapshot.Worker::connections).sum());
        family("tcp_echo_server_accepted_total", "counter", "Connections accepted by every worker since the master started.");
        sample("tcp_echo_server_accepted_total", "", s.totals().accepted());
        family("tcp_echo_server_received_bytes_total", "counter", "Bytes received by every worker since the master started.");
        sample("tcp_echo_server_received_bytes_total", "", s.totals().receivedBytes());
        family("tcp_echo_server_sent_bytes_total", "counter", "Bytes echoed by every worker since the master started.");
        sample("tcp_echo_server_sent_bytes_total", "", s.totals().sentBytes());
    }

    private void listeners(List<MetricsSnapshot.Listener> listeners) {
        perListener(listeners, "tcp_echo_listener_connections", "gauge",
                "Open client connections per listener (0 for UDP).", MetricsSnapshot.Listener::connections);
        String since = " per listener since the master started, exited workers included.";
        perListener(listeners, "tcp_echo_listener_accepted_total", "counter",
                "Connections accepted (UDP: datagrams received)" + since, MetricsSnapshot.Listener::accepted);
        perListener(listeners, "tcp_echo_listener_received_bytes_total", "counter", "Bytes received from clients" + since,
                MetricsSnapshot.Listener::receivedBytes);
        perListener(listeners, "tcp_echo_listener_sent_bytes_total", "counter", "Bytes sent to clients" + since,
                MetricsSnapshot.Listener::sentBytes);
        family("tcp_echo_listener_dropped_total", "counter", "Datagrams dropped unanswered and connections refused,"
                + " by reason (denied, own-socket, loop-port, rate-source, rate-worker, send-buffer-full, send-failed,"
                + " max-connections-per-ip, connect-rate-per-ip)" + since);
        for (MetricsSnapshot.Listener l : listeners) {
            for (DropReason reason : DropReason.values()) {
                Long n = l.dropped().get(reason.label());
                // UDP listeners show every reason from the start, so a rate() over them has a base.
                if (n != null || l.protocol().equals(Protocol.ECHO_UDP.label()) && !reason.refusesConnections()) {
                    sample("tcp_echo_listener_dropped_total", labels("listener", l.name(), "protocol", l.protocol(),
                            "reason", reason.label()), n == null ? 0 : n);
                }
            }
        }
    }

    /** The endpoint's own clients, so a scrape shows what stalled clients cost it. */
    private void http(HttpStats http) {
        family("tcp_echo_metrics_http_responses_total", "counter", "Responses of this metrics endpoint by status code.");
        for (var entry : http.responses.entrySet()) {
            sample("tcp_echo_metrics_http_responses_total", labels("code", entry.getKey().toString()), entry.getValue());
        }
        family("tcp_echo_metrics_http_dropped_total", "counter",
                "Connections to this metrics endpoint closed unanswered: stalled past a timeout, or the oldest when all slots were taken.");
        sample("tcp_echo_metrics_http_dropped_total", labels("reason", "timeout"), http.timedOut);
        sample("tcp_echo_metrics_http_dropped_total", labels("reason", "evicted"), http.evicted);
    }

    /** One sample per active fault, value 1: a fault's presence, its settings in the labels. */
    private void faults(List<Status.ActiveFault> faults) {
        family("tcp_echo_fault_active", "gauge", "Faults on the listeners served now (config and run-time); always 1.");
        for (Status.ActiveFault f : faults) {
            sample("tcp_echo_fault_active", labels("listener", f.listener(), "name", f.name(), "type", f.type(),
                    "stream", f.stream(), "origin", f.origin()), 1);
        }
    }

    private void perListener(List<MetricsSnapshot.Listener> listeners, String name, String type, String help,
                             ToLongFunction<MetricsSnapshot.Listener> value) {
        family(name, type, help);
        for (MetricsSnapshot.Listener l : listeners) {
            sample(name, labels("listener", l.name(), "protocol", l.protocol()), value.applyAsLong(l));
        }
    }

    private void perWorker(List<MetricsSnapshot.Worker> workers, String name, String type, String help,
                           ToLongFunction<MetricsSnapshot.Worker> value) {
        family(name, type, help + (type.equals("counter") ? " Per worker process: restarts from 0 with a new process." : ""));
        for (MetricsSnapshot.Worker w : workers) {
            sample(name, workerLabels(w), value.applyAsLong(w));
        }
    }

    private static String workerLabels(MetricsSnapshot.Worker w) {
        return labels("slot", Integer.toString(w.slot()), "pid", Long.toString(w.pid()));
    }

    private void family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private void sample(String name, String labels, long value) {
        out.append(name).append(labels).append(' ').append(value).append('\n');
    }

    private void sample(String name, String labels, double value) {
        out.append(name).append(labels).append(' ').append(String.format(Locale.ROOT, "%.3f", value)).append('\n');
    }

    /** {@code {a="1",b="x"}} from name, value pairs; values escaped as the format requires. */
    static String labels(String... pairs) {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            if (i > 0) {
                text.append(',');
            }
            text.append(pairs[i]).append("=\"").append(escape(pairs[i + 1])).append('"');
        }
        return text.append('}').toString();
    }

    /** Label values: backslash, double quote and line feed are escaped, everything else is as is. */
    static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
