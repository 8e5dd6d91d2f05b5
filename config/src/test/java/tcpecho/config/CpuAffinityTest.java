package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Parsing of worker-cpu-affinity and which CPU each worker slot gets. */
class CpuAffinityTest {

    @Test
    void offPinsNothing() {
        CpuAffinity off = CpuAffinity.parse(" OFF ");
        assertEquals(CpuAffinity.OFF, off);
        assertEquals(OptionalInt.empty(), off.cpuFor(1, 2));
        assertEquals("off", off.text());
    }

    @Test
    void autoPinsWorkerNToCpuNMinusOneWrappingAtTheCoreCount() {
        CpuAffinity auto = CpuAffinity.parse("auto");
        assertEquals(OptionalInt.of(0), auto.cpuFor(1, 2));
        assertEquals(OptionalInt.of(1), auto.cpuFor(2, 2));
        assertEquals(OptionalInt.of(0), auto.cpuFor(3, 2));
        assertEquals(OptionalInt.of(1), auto.cpuFor(4, 2));
    }

    @Test
    void listGivesWorkerNTheNthEntryWrappingAtTheListLength() {
        CpuAffinity list = CpuAffinity.parse("3, 1,7");
        assertEquals(List.of(3, 1, 7), list.cpus());
        assertEquals("3,1,7", list.text());
        assertEquals(OptionalInt.of(3), list.cpuFor(1, 2));
        assertEquals(OptionalInt.of(1), list.cpuFor(2, 2));
        assertEquals(OptionalInt.of(7), list.cpuFor(3, 2));
        assertEquals(OptionalInt.of(3), list.cpuFor(4, 2));
    }

    @Test
    void rejectsWhatIsNotACpuList() {
        assertEquals("an empty entry", assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("")).getMessage());
        assertEquals("\"-1\" is not a CPU number",
                assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("0,-1")).getMessage());
        assertEquals("\"0-3\" is not a CPU number",
                assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("0-3")).getMessage());
        assertEquals("CPU 1024 is above 1023",
                assertThrows(IllegalArgumentException.class, () -> CpuAffinity.parse("1024")).getMessage());
    }

    @Test
    void envValueIsParsedLikeTheFile() throws Exception {
        Settings s = Fixtures.loader(java.util.Map.of("TCP_ECHO_WORKER_CPU_AFFINITY", "1,0")).load(null, java.util.Map.of());
        assertEquals(List.of(1, 0), s.workerCpuAffinity().cpus());
        assertEquals(OptionalInt.of(0), s.workerCpuAffinity().cpuFor(2, 2));
    }
}
