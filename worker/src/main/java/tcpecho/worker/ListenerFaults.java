package tcpecho.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultStream;

/**
 * A listener's faults: those of the worker's arguments (the config's, then those added at run time
 * before the spawn), until FAULTS from the master replaces the whole list. A connection takes its
 * {@link Plan} when it opens; later changes reach the connections opened after them.
 */
final class ListenerFaults {
    /** The faults one connection got, after each fault's toxicity was rolled, by direction. */
    record Plan(List<Fault> upstream, List<Fault> downstream) {
        /** Echo has one stream: what the client sends passes the upstream faults, then the downstream ones. */
        List<Fault> echo() {
            List<Fault> all = new ArrayList<>(upstream);
            all.addAll(downstream);
            return all;
        }
    }

    final FaultTimers timers;
    final Random random;
    private List<Fault> active;

    ListenerFaults(List<Fault> initial, FaultTimers timers, Random random) {
        this.active = List.copyOf(initial);
        this.timers = timers;
        this.random = random;
    }

    /** Replaces the whole list, as FAULTS says it. */
    void set(List<Fault> faults) {
        active = List.copyOf(faults);
    }

    boolean isEmpty() {
        return active.isEmpty();
    }

    List<Fault> active() {
        return active;
    }

    /** The faults a new connection gets, or null when none applies: it then runs the plain code. */
    Plan plan() {
        if (active.isEmpty()) {
            return null;
        }
        List<Fault> upstream = new ArrayList<>();
        List<Fault> downstream = new ArrayList<>();
        for (Fault fault : active) {
            if (fault.toxicity() >= 1 || random.nextDouble() < fault.toxicity()) {
                (fault.stream() == FaultStream.UPSTREAM ? upstream : downstream).add(fault);
            }
        }
        return upstream.isEmpty() && downstream.isEmpty() ? null : new Plan(upstream, downstream);
    }
}
