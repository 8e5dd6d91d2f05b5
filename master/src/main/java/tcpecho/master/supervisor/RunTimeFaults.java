package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.fault.Fault;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.Protocol;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.log.Log;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.FaultRequest;
import tcpecho.common.wire.FaultsMessage;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/**
 * The faults added at run time through the control socket, by listener name, on top of the
 * config's. Owned by the supervisor's thread. A worker is spawned with them in its listeners'
 * options (so a respawned worker serves its first connection with them); each change then goes to
 * every worker as FAULTS, the listener's whole list (its generation's config faults and the
 * run-time ones), and again when a worker says HELLO, in case a change came between its spawn and
 * its connection. A reload keeps the run-time faults whose listener still exists with a protocol
 * that takes them and whose name the new config does not use.
 */
final class RunTimeFaults {
    private final Map<String, List<Fault>> byListener = new LinkedHashMap<>();
    /** Per worker pid, the config's faults of each of its listeners (its generation's). */
    private final Map<Long, Map<String, List<Fault>>> configOfWorker = new LinkedHashMap<>();
    /** Counts changes; a worker spawned at the current count needs nothing at HELLO. */
    private long changes;
    private final Map<Long, Long> changesAtSpawn = new LinkedHashMap<>();
    private final Log log = Log.get();

    /** Handles FAULT from the CLI against the listeners being served; returns the reply. */
    Message handle(FaultRequest request, List<ListenerBinding> active, Workers workers) {
        prune(active);
        return switch (request.action()) {
            case LIST -> FaultRequest.listReply(rows(active));
            case ADD -> add(request.listener(), request.fault(), active, workers);
            case REMOVE -> remove(request.listener(), request.name(), active, workers);
            case CLEAR -> clear(request.listener(), active, workers);
        };
    }

    private Message add(String listener, Fault fault, List<ListenerBinding> active, Workers workers) {
        ListenerBinding binding = find(listener, active);
        if (binding == null) {
            return unknownListener(listener, active);
        }
        Protocol protocol = binding.spec().protocol();
        String unfit = unfit(protocol, fault);
        if (unfit != null) {
            return new ErrorReply("cannot add " + fault.type().label() + " to '" + listener + "': " + unfit).encode();
        }
        if (named(listener, fault.name(), binding) != null) {
            return new ErrorReply("listener '" + listener + "' already has a fault named '" + fault.name()
                    + "'; remove it first or give this one --name").encode();
        }
        int count = configFaults(binding).size() + byListener.getOrDefault(listener, List.of()).size();
        if (count >= Fault.MAX_PER_LISTENER) {
            return new ErrorReply("listener '" + listener + "' already has " + count + " faults, the most one listener"
                    + " may carry; remove some first").encode();
        }
        byListener.computeIfAbsent(listener, k -> new ArrayList<>()).add(fault);
        log.info("fault added on " + listener + ": " + fault.describe());
        send(listener, workers);
        return Message.of(Verb.OK).with("name", fault.name());
    }

    private Message remove(String listener, String name, List<ListenerBinding> active, Workers workers) {
        ListenerBinding binding = find(listener, active);
        if (binding == null) {
            return unknownListener(listener, active);
        }
        String origin = named(listener, name, binding);
        if (origin == null) {
            return new ErrorReply("listener '" + listener + "' has no fault named '" + name + "'").encode();
        }
        if (origin.equals(FaultRequest.CONFIG)) {
            return new ErrorReply("fault '" + name + "' on '" + listener + "' comes from the config file: remove it there"
                    + " and reload").encode();
        }
        byListener.get(listener).removeIf(f -> f.name().equals(name));
        log.info("fault removed from " + listener + ": " + name);
        send(listener, workers);
        return Message.of(Verb.OK);
    }

    private Message clear(String listener, List<ListenerBinding> active, Workers workers) {
        if (listener != null && find(listener, active) == null) {
            return unknownListener(listener, active);
        }
        List<String> cleared = new ArrayList<>();
        for (Map.Entry<String, List<Fault>> entry : byListener.entrySet()) {
            if ((listener == null || listener.equals(entry.getKey())) && !entry.getValue().isEmpty()) {
                entry.getValue().clear();
                cleared.add(entry.getKey());
            }
        }
        cleared.forEach(name -> send(name, workers));
        log.info("run-time faults cleared on " + (listener == null ? "every listener" : listener));
        return Message.of(Verb.OK).with("cleared", cleared.size());
    }

    /** {@code listener} as a worker spawned now gets it: its config faults, then the run-time ones. */
    InheritedListener forSpawn(InheritedListener listener) {
        List<Fault> runTime = byListener.getOrDefault(listener.name(), List.of());
        if (runTime.isEmpty()) {
            return listener;
        }
        List<Fault> all = new ArrayList<>(listener.options().faults());
        all.addAll(runTime);
        return listener.withOptions(listener.options().withFaults(all));
    }

    /** Records the config faults worker {@code pid} was spawned with (its listeners before {@link #forSpawn}). */
    void spawned(long pid, List<InheritedListener> listeners) {
        Map<String, List<Fault>> config = new LinkedHashMap<>();
        listeners.forEach(l -> config.put(l.name(), l.options().faults()));
        configOfWorker.put(pid, config);
        changesAtSpawn.put(pid, changes);
    }

    /** Forgets worker {@code pid}, reaped. */
    void exited(long pid) {
        configOfWorker.remove(pid);
        changesAtSpawn.remove(pid);
    }

    /** A worker that just said HELLO: if faults changed since its spawn, every listener's whole list. */
    void hello(WorkerProcess worker) {
        Long atSpawn = changesAtSpawn.remove(worker.pid);
        if (atSpawn != null && atSpawn != changes) {
            configOfWorker.getOrDefault(worker.pid, Map.of()).keySet().forEach(listener -> sendTo(worker, listener));
        }
    }

    /** Config and run-time faults of the listeners served, for {@code fault list}, status and metrics. */
    List<FaultRequest.Row> rows(List<ListenerBinding> active) {
        prune(active);
        List<FaultRequest.Row> rows = new ArrayList<>();
        for (ListenerBinding binding : active) {
            String name = binding.spec().name();
            configFaults(binding).forEach(f -> rows.add(new FaultRequest.Row(name, FaultRequest.CONFIG, f)));
            byListener.getOrDefault(name, List.of()).forEach(f -> rows.add(new FaultRequest.Row(name,
                    FaultRequest.RUN_TIME, f)));
        }
        return rows;
    }

    /** After a reload: drops what no longer has a listener to go to, fits it, or has a name of its own. */
    void prune(List<ListenerBinding> active) {
        byListener.entrySet().removeIf(entry -> {
            ListenerBinding binding = find(entry.getKey(), active);
            if (binding == null) {
                log.info("run-time faults of " + entry.getKey() + " dropped: the listener is gone");
                return true;
            }
            entry.getValue().removeIf(f -> {
                boolean clash = configFaults(binding).stream().anyMatch(c -> c.name().equals(f.name()));
                String unfit = unfit(binding.spec().protocol(), f);
                if (clash || unfit != null) {
                    log.info("run-time fault " + f.name() + " of " + entry.getKey() + " dropped: "
                            + (clash ? "the config now has a fault of that name" : unfit));
                }
                return clash || unfit != null;
            });
            return false;
        });
    }

    /** Why {@code protocol} cannot carry {@code fault}, or null. */
    static String unfit(Protocol protocol, Fault fault) {
        if (!ListenerOptions.takesFaults(protocol)) {
            return "faults are only for echo, proxy and echo-udp listeners (it is " + protocol.label() + ")";
        }
        if (protocol.isDatagram() ? !fault.type().forUdp() : !fault.type().forTcp()) {
            return protocol.isDatagram() ? "echo-udp takes latency and loss" : "loss is for echo-udp only";
        }
        return null;
    }

    /** The config's faults of a listener, as the worker is told them. */
    static List<Fault> configFaults(ListenerBinding binding) {
        return binding.spec().options().faults();
    }

    private String named(String listener, String name, ListenerBinding binding) {
        if (configFaults(binding).stream().anyMatch(f -> f.name().equals(name))) {
            return FaultRequest.CONFIG;
        }
        return byListener.getOrDefault(listener, List.of()).stream().anyMatch(f -> f.name().equals(name))
                ? FaultRequest.RUN_TIME : null;
    }

    private void send(String listener, Workers workers) {
        changes++;
        workers.all().forEach(worker -> sendTo(worker, listener));
    }

    private void sendTo(WorkerProcess worker, String listener) {
        List<Fault> config = configOfWorker.getOrDefault(worker.pid, Map.of()).get(listener);
        if (config != null) {
            List<Fault> all = new ArrayList<>(config);
            all.addAll(byListener.getOrDefault(listener, List.of()));
            worker.send(new FaultsMessage(listener, all).encode());
        }
    }

    private static ListenerBinding find(String name, List<ListenerBinding> active) {
        for (ListenerBinding binding : active) {
            if (binding.spec().name().equals(name)) {
                return binding;
            }
        }
        return null;
    }

    private static Message unknownListener(String name, List<ListenerBinding> active) {
        List<String> names = new ArrayList<>();
        active.forEach(b -> names.add(b.spec().name()));
        return new ErrorReply("no listener named '" + name + "' (listeners: " + String.join(", ", names) + ")").encode();
    }
}
