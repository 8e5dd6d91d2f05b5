package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.Protocol;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.common.wire.ListenerDrops;
import tcpecho.master.metrics.MetricsSnapshot;
import tcpecho.master.net.ListenerSpec;
import tcpecho.master.net.SocketPool;

/** Per-listener counters for the metrics: live plus reaped workers, so they never go down. */
class CounterTotalsTest {
    private final CounterTotals totals = new CounterTotals();
    private final List<ListenerBinding> served = List.of(binding("echo", "echo"), binding("sink", "discard"));

    @Test
    void sumsTheLiveWorkersPerListenerInDeclaredOrder() {
        WorkerProcess one = worker(1, "sink:1:2:300:0,echo:2:10:100:100");
        WorkerProcess two = worker(2, "echo:1:5:50:50,removed:9:9:9:9");

        assertEquals(List.of(new MetricsSnapshot.Listener("echo", "echo", 3, 15, 150, 150),
                        new MetricsSnapshot.Listener("sink", "discard", 1, 2, 300, 0)),
                totals.snapshot(served, List.of(one, two)));
    }

    @Test
    void aReapedWorkersCountsStayButItsOpenConnectionsGo() {
        WorkerProcess one = worker(1, "echo:2:10:100:100,sink:1:2:300:0");
        WorkerProcess two = worker(2, "echo:1:5:50:50");

        totals.retire(one);
        WorkerProcess respawned = worker(1, "echo:0:1:7:7");

        assertEquals(List.of(new MetricsSnapshot.Listener("echo", "echo", 1, 16, 157, 157),
                        new MetricsSnapshot.Listener("sink", "discard", 0, 2, 300, 0)),
                totals.snapshot(served, List.of(two, respawned)));
    }

    @Test
    void aListenerNoWorkerHasReportedYetIsListedWithZeros() {
        assertEquals(List.of(new MetricsSnapshot.Listener("echo", "echo", 0, 0, 0, 0),
                        new MetricsSnapshot.Listener("sink", "discard", 0, 0, 0, 0)),
                totals.snapshot(served, List.of(new WorkerProcess(1, 1, 101, 0))));
    }

    @Test
    void dropsOfReapedWorkersStayAndAddToTheLiveOnes() {
        WorkerProcess one = worker(1, "echo:0:10:100:100");
        one.recordHeartbeat(heartbeat("echo:0:10:100:100", "echo:loop-port=3;denied=1"), 2);
        WorkerProcess two = worker(2, "echo:0:5:50:50");
        two.recordHeartbeat(heartbeat("echo:0:5:50:50", "echo:loop-port=2"), 2);

        totals.retire(one);

        assertEquals(Map.of("denied", 1L, "loop-port", 5L), totals.snapshot(served, List.of(two)).get(0).dropped());
        assertEquals(Map.of(), totals.snapshot(served, List.of(two)).get(1).dropped());
    }

    static WorkerProcess worker(int slot, String perListener) {
        WorkerProcess worker = new WorkerProcess(slot, 1, 100 + slot, 0);
        worker.recordHeartbeat(heartbeat(perListener, null), 1);
        return worker;
    }

    /** A heartbeat with no totals, carrying {@code perListener} and {@code drops} as their wire fields spell them. */
    static Heartbeat heartbeat(String perListener, String drops) {
        return new Heartbeat(0, 0, 0, 0, ListenerCounters.decodeAll(perListener), ListenerDrops.decodeAll(drops));
    }

    static ListenerBinding binding(String name, String protocol) {
        ListenerSpec spec = new ListenerSpec(name, Protocol.parse(protocol), InetAddress.getLoopbackAddress(), 7, 16);
        return new ListenerBinding(spec, new SocketPool(spec));
    }
}
