package tcpecho.common.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FaultTest {

    @Test
    void defaultNameIsToxiproxysTypeAndStream() {
        assertEquals("latency_downstream", Fault.of(FaultType.LATENCY, FaultStream.DOWNSTREAM, null, 1,
                Map.of("latency", "200ms")).name());
        assertEquals("slow_close_upstream", Fault.of(FaultType.parse("slow-close"), FaultStream.UPSTREAM, null, 1,
                Map.of("delay", "1s")).name());
    }

    @Test
    void attributesTakeUnitsOrToxiproxysBareNumbers() {
        Fault latency = Fault.of(FaultType.LATENCY, FaultStream.DOWNSTREAM, null, 1,
                Map.of("latency", "1.5s", "jitter", "50"));
        assertEquals(1500, latency.get("latency"));
        assertEquals(50, latency.get("jitter"));
        Fault slicer = Fault.of(FaultType.SLICER, FaultStream.DOWNSTREAM, "s", 1,
                Map.of("average_size", "1KiB", "delay", "2ms"));
        assertEquals(1024, slicer.get("average_size"));
        assertEquals(2000, slicer.get("delay"), "slicer's delay is in microseconds, as Toxiproxy's");
        assertEquals(0, slicer.get("size_variation"));
        assertEquals(0.05, Fault.of(FaultType.LOSS, FaultStream.DOWNSTREAM, null, 1, Map.of("probability", "5%"))
                .get("probability"), 1e-12);
    }

    @Test
    void badValuesNameTheAttributeAndTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.of(FaultType.LATENCY,
                FaultStream.DOWNSTREAM, null, 1, Map.of("latency", "-5ms")));
        assertEquals("latency must be a duration (200ms, 1.5s) or a number of milliseconds from 0 to 3600000"
                + " (got '-5ms')", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fault.of(FaultType.BANDWIDTH,
                FaultStream.DOWNSTREAM, null, 1, Map.of()));
        assertEquals("bandwidth needs rate (a rate in KB/s (1 KB = 1000 bytes) from 1 to 10000000)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fault.of(FaultType.LIMIT_DATA,
                FaultStream.DOWNSTREAM, null, 1, Map.of("latency", "5")));
        assertEquals("limit-data has no attribute 'latency' (it takes bytes)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fault.of(FaultType.LIMIT_DATA,
                FaultStream.DOWNSTREAM, "bad name", 1, Map.of("bytes", "5")));
        assertEquals("fault name must be 1 to 64 letters, digits, '.', '_' or '-' (got 'bad name')", e.getMessage());
    }

    @Test
    void encodeAndDecodeRoundTrip() {
        List<Fault> faults = List.of(
                Fault.of(FaultType.LATENCY, FaultStream.UPSTREAM, null, 0.25, Map.of("latency", "200", "jitter", "50")),
                Fault.of(FaultType.RESET_PEER, FaultStream.DOWNSTREAM, "rst", 1, Map.of("bytes", "1000")));
        String text = Fault.encodeAll(faults);
        assertEquals("latency_upstream,latency,upstream,0.25,latency=200,jitter=50;"
                + "rst,reset-peer,downstream,1,timeout=0,bytes=1000", text);
        assertEquals(faults, Fault.decodeAll(text));
        assertEquals(List.of(), Fault.decodeAll(""));
    }

    @Test
    void decodeRefusesWhatItDoesNotKnow() {
        assertThrows(IllegalArgumentException.class, () -> Fault.decode("x,latency,sideways,1,latency=1,jitter=0"));
        assertThrows(IllegalArgumentException.class, () -> Fault.decode("x,latency,upstream,1,latency=1"));
        assertThrows(IllegalArgumentException.class, () -> Fault.decode("x,latency,upstream,2,latency=1,jitter=0"));
    }

    @Test
    void describeShowsUnits() {
        assertEquals("latency_downstream: latency downstream latency=200ms jitter=0ms toxicity=0.5",
                Fault.of(FaultType.LATENCY, FaultStream.DOWNSTREAM, null, 0.5, Map.of("latency", "200")).describe());
    }
}
