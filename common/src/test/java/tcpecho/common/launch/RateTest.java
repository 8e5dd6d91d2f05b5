package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateTest {
    @Test
    void readsPerSecondPerMinuteAndOff() {
        assertEquals(new Rate(100, 's'), Rate.parse("100/s"));
        assertEquals(new Rate(6000, 'm'), Rate.parse(" 6000/M "));
        assertTrue(Rate.parse("off").isOff());
        assertEquals(100.0, Rate.parse("6000/m").perSecond());
    }

    @Test
    void refusesWhatIsNotARate() {
        for (String bad : new String[] {"", "100", "/s", "0/s", "-1/s", "10/h", "1e3/s", "100/sec", "100000001/s"}) {
            assertNull(Rate.parse(bad), bad);
        }
    }

    @Test
    void burstIsAFifthOfASecondAtLeastOne() {
        assertEquals(20, Rate.parse("100/s").burst());
        assertEquals(2000, Rate.parse("10000/s").burst());
        assertEquals(1, Rate.parse("3/s").burst());
        assertEquals(1, Rate.parse("10/m").burst());
    }

    @Test
    void printsAsWritten() {
        assertEquals("100/s", Rate.parse("100/s").toString());
        assertEquals("off", Rate.OFF.toString());
    }
}
