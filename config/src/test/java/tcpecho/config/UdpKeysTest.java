package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import tcpecho.common.listener.EchoUdpOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.launch.Rate;

/** udp-loop-guard and the UDP reply rates: defaults, file, flags, errors, the lab warning. */
class UdpKeysTest {
    @TempDir
    Path dir;

    @Test
    void defaultsGuardAndLimit() throws Exception {
        Settings s = Fixtures.loader().load(null, Map.of());

        assertEquals(new Udp(true, Rate.parse("100/s"), Rate.parse("10000/s")), udp(s));
    }

    @Test
    void fileAndFlags() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "udp-loop-guard = false", "udp-rate-per-source = \"6000/m\"");

        Settings s = Fixtures.loader().load(file, Map.of(Keys.UDP_RATE_PER_WORKER, "off"));

        assertEquals(new Udp(false, new Rate(6000, 'm'), Rate.OFF), udp(s));
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
    void aUdpListenerSetsItsOwnGuardAndSourceRate() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "udp-rate-per-source = \"50/s\"", "[[listener]]",
                "protocol = \"echo-udp\"", "port = 9007", "udp-loop-guard = false", "udp-rate-per-source = \"off\"",
                "[[listener]]", "protocol = \"echo-udp\"", "port = 9008");

        Settings s = Fixtures.loader().load(file, Map.of());

        assertEquals(new EchoUdpOptions(false, Rate.OFF), s.listeners().get(0).options().protocol());
        assertEquals(Map.of("udp-loop-guard", "false", "udp-rate-per-source", "off"), s.listeners().get(0).shownOptions());
        assertEquals(new EchoUdpOptions(true, Rate.parse("50/s")), s.listeners().get(1).options().protocol(),
                "the top-level values fill in what it does not set");
        assertEquals(Map.of(), s.listeners().get(1).shownOptions());
        assertEquals(Rate.parse("50/s"), udp(s).perSource());
        assertEquals("udp-loop-guard is off for echo-udp-9007 (file " + file + ":2): datagrams from the ports of echo,"
                + " chargen, dns, ntp and other services known to loop or amplify are answered; for labs only (datagrams"
                + " from our own sockets are still dropped)", s.loopGuardWarning());
    }

    @Test
    void aTcpListenerTakesNoUdpKeys() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "[[listener]]", "port = 9007", "udp-rate-per-source = \"5/s\"");

        ConfigException e = assertThrows(ConfigException.class, () -> Fixtures.loader().load(file, Map.of()));

        assertEquals(file + ":3: listener[1].udp-rate-per-source is only for protocol echo-udp (this listener is echo)",
                e.getMessage());
    }

    @Test
    void turningTheGuardOffWarnsOnlyWithAUdpListener() throws Exception {
        Path file = Fixtures.toml(dir, "x.toml", "udp-loop-guard = false");
        Path udp = Fixtures.toml(dir, "udp.toml", "udp-loop-guard = false", "[[listener]]", "protocol = \"echo-udp\"",
                "port = 9007");

        assertNull(Fixtures.loader().load(file, Map.of()).loopGuardWarning());
        String warning = Fixtures.loader().load(udp, Map.of()).loopGuardWarning();
        assertTrue(warning.startsWith("udp-loop-guard is off for echo-udp-9007 (file " + udp + ":1): datagrams from"),
                warning);
    }

    /** The three top-level UDP keys' values. */
    private record Udp(boolean loopGuard, Rate perSource, Rate perWorker) {
    }

    private static Udp udp(Settings s) {
        return new Udp((Boolean) s.setting(Keys.UDP_LOOP_GUARD).value(),
                (Rate) s.setting(Keys.UDP_RATE_PER_SOURCE).value(), (Rate) s.setting(Keys.UDP_RATE_PER_WORKER).value());
    }
}
