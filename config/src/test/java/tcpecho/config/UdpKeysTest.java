package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.launch.DatagramLimits;
import tcpecho.common.launch.Rate;

/** udp-loop-guard and the UDP reply rates: defaults, file, flags, errors, the lab warning. */
class UdpKeysTest {
    @TempDir
    Path dir;

    @Test
    void defaultsGuardAndLimit() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of());

        assertEquals(DatagramLimits.DEFAULTS, s.datagramLimits());
        assertEquals(new DatagramLimits(true, Rate.parse("100/s"), Rate.parse("10000/s")), s.datagramLimits());
    }

    @Test
    void fileAndFlags() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "udp-loop-guard = false", "udp-rate-per-source = \"6000/m\"");

        Settings s = Fixtures.loader().load(file, Map.of(Keys.UDP_RATE_PER_WORKER, "off"));

        assertEquals(new DatagramLimits(false, new Rate(6000, 'm'), Rate.OFF), s.datagramLimits());
        assertEquals("6000/m", s.setting(Keys.UDP_RATE_PER_SOURCE).text());
        assertTrue(s.describe().contains("udp-rate-per-worker"));
    }

    @Test
    void aBadRateNamesItsLineAndWhatIsAccepted() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "port = 9000", "udp-rate-per-source = 100");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":2: udp-rate-per-source must be \"off\" or N/s or N/m with N from 1 to 100000000"
                + " (like \"100/s\") (got 100)", e.getMessage());
    }

    @Test
    void turningTheGuardOffWarnsOnlyWithAUdpListener() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "udp-loop-guard = false");
        Path udp = Fixtures.toml(dir, "udp.toml", "udp-loop-guard = false", "[[listener]]", "protocol = \"echo-udp\"",
                "port = 9007");

        assertNull(Fixtures.loader().load(file, Map.of()).loopGuardWarning());
        String warning = Fixtures.loader().load(udp, Map.of()).loopGuardWarning();
        assertTrue(warning.startsWith("udp-loop-guard is off (file " + udp + ":1): UDP listeners answer"), warning);
    }
}
