package tcpecho.master.supervisor;

import tcpecho.common.listener.Upstream;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.EchoUdpOptions;
import tcpecho.common.launch.Rate;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.common.launch.Protocol;
import tcpecho.common.status.Status;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.ListenerCounters;
import tcpecho.master.net.ListenerSpec;
import tcpecho.master.net.SocketPool;

/** Per-listener counters in status: summed over workers, zero from workers that send none. */
class StatusReportTest {

    @Test
    void sumsEachListenerOverWorkersAndCountsSilentWorkersAsZero() {
        WorkerProcess one = worker(1, "echo:2:10:100:100,proxy-6479:1:1:40:7");
        WorkerProcess two = worker(2, "echo:1:5:50:50,gone:9:9:9:9");
        WorkerProcess old = worker(3, null);
        List<ListenerBinding> listeners = List.of(binding("echo", "echo"), binding("proxy-6479", "proxy"),
                binding("echo-udp-7", "echo-udp"));

        List<Status.Listener> report = StatusReport.listeners(listeners, List.of(one, two, old));

        assertEquals(3, report.size());
        Status.Listener echo = report.get(0);
        assertEquals("echo", echo.name());
        assertEquals("tcp", echo.transport());
        assertEquals("127.0.0.1:7", echo.endpoint());
        assertEquals(List.of(3L, 15L, 150L, 150L), counters(echo));
        assertEquals(List.of(1L, 1L, 40L, 7L), counters(report.get(1)));
        Status.Listener udp = report.get(2);
        assertEquals("udp", udp.transport());
        assertEquals(List.of(0L, 0L, 0L, 0L), counters(udp));
    }

    private static List<Long> counters(Status.Listener entry) {
        return List.of(entry.connections(), entry.accepted(), entry.bytesIn(), entry.bytesOut());
    }

    private static WorkerProcess worker(int slot, String perListener) {
        WorkerProcess worker = new WorkerProcess(slot, 1, 100 + slot, 0);
        worker.recordHeartbeat(new Heartbeat(1, 0, 0, 0, ListenerCounters.decodeAll(perListener), List.of()), 1);
        return worker;
    }

    private static ListenerBinding binding(String name, String protocol) {
        ListenerSpec spec = new ListenerSpec(name, Protocol.parse(protocol), java.net.InetAddress.getLoopbackAddress(), 7, 16,
                switch (protocol) {
                    case "proxy" -> ListenerOptions.of(ProxyOptions.to(new Upstream("db", 6379)));
                    case "echo-udp" -> ListenerOptions.of(new EchoUdpOptions(true, Rate.OFF));
                    default -> ListenerOptions.NONE;
                });
        return new ListenerBinding(spec, new SocketPool(spec));
    }
}
