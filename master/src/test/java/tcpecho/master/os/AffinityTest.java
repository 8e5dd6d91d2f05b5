package tcpecho.master.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The cpu_set_t handed to sched_setaffinity: one bit, where CPU_SET in sched.h puts it. */
class AffinityTest {

    @Test
    void cpuZeroIsTheLowestBitOfTheFirstWord() {
        long[] mask = Affinity.maskOf(0);
        assertEquals(16, mask.length);
        assertEquals(1L, mask[0]);
    }

    @Test
    void cpu65IsBitOneOfTheSecondWord() {
        long[] expected = new long[16];
        expected[1] = 2L;
        assertArrayEquals(expected, Affinity.maskOf(65));
    }

    @Test
    void cpuOutsideTheSetIsRejected() {
        assertEquals("CPU 1024 is outside 0..1023",
                assertThrows(IllegalArgumentException.class, () -> Affinity.maskOf(1024)).getMessage());
    }
}
