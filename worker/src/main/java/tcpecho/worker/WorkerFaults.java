package tcpecho.worker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tcpecho.common.fault.Fault;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.log.Log;
import tcpecho.common.wire.FaultsMessage;

/** Every listener's faults in this worker, and their one timer queue. FAULTS from the master replaces a listener's list. */
final class WorkerFaults {
    final FaultTimers timers = new FaultTimers();
    private final Random random = new Random();
    private final Map<String, ListenerFaults> listeners = new LinkedHashMap<>();

    /** The config's faults of {@code listener} (the master checked that its protocol takes them). */
    ListenerFaults add(InheritedListener listener) {
        ListenerFaults faults = new ListenerFaults(listener.options().faults(), timers, random);
        listeners.put(listener.name(), faults);
        return faults;
    }

    /** Applies a FAULTS message; one for a listener this worker does not serve is logged and ignored. */
    void apply(FaultsMessage message) {
        ListenerFaults faults = listeners.get(message.listener());
        if (faults == null) {
            Log.get().warn("FAULTS for unknown listener '" + message.listener() + "' ignored");
            return;
        }
        faults.set(message.faults());
        List<Fault> active = faults.active();
        Log.get().info("faults on " + message.listener() + ": " + (active.isEmpty() ? "none" : describe(active)));
    }

    private static String describe(List<Fault> faults) {
        StringBuilder text = new StringBuilder();
        for (Fault fault : faults) {
            text.append(text.length() == 0 ? "" : "; ").append(fault.describe());
        }
        return text.toString();
    }
}
