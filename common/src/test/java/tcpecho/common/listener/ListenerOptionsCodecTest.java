package tcpecho.common.listener;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultStream;
import tcpecho.common.fault.FaultType;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;
import tcpecho.common.tls.TlsOptions;

class ListenerOptionsCodecTest {

    private static final ListenerOptions PROXY = new ListenerOptions(AccessList.parse("allow 10.0.0.0/8, deny all"),
            new TcpOptions(new ClientLimits(10, Rate.parse("50/s"), 4),
                    new ProxyProtocolOptions(List.of("10.0.0.0/8", "::1"), 2500)),
            new ProxyOptions(new Upstream("::1", 6379), 300, DumpMode.FILE, Path.of("/var/log/d.txt"), DumpFormat.HEX,
                    SendProxyProtocol.V2, false, null));

    @Test
    void everyOptionThatIsOnIsWrittenAndReadBack() {
        String text = ListenerOptionsCodec.encode(PROXY);

        assertEquals(PROXY, ListenerOptionsCodec.decode(Protocol.PROXY, "db", text));
        assertEquals(Map.ofEntries(Map.entry("access", "allow 10.0.0.0/8, deny all"), Map.entry("proxy-protocol", "true"),
                Map.entry("proxy-protocol-from", "10.0.0.0/8, ::1"), Map.entry("proxy-protocol-timeout", "2500"),
                Map.entry("max-connections-per-ip", "10"), Map.entry("connect-rate-per-ip", "50/s"),
                Map.entry("workers", "4"), Map.entry("upstream", "[::1]:6379"), Map.entry("connect-timeout", "300"),
                Map.entry("dump", "file"), Map.entry("dump-file", "/var/log/d.txt"), Map.entry("dump-format", "hex"),
                Map.entry("send-proxy-protocol", "v2")), ListenerOptionsCodec.fields(PROXY));
    }

    @Test
    void aTlsListenersCertificateKeyAndSettingsAreWrittenAndReadBack() {
        ListenerOptions tls = ListenerOptions.NONE.withTcp(TcpOptions.NONE.withTls(new TlsOptions(Path.of("/etc/c.pem"),
                Path.of("/etc/k.pem"), Path.of("/etc/ca.pem"), List.of("TLSv1.3"), 2500)));

        assertEquals("tls-cert=%2Fetc%2Fc.pem&tls-key=%2Fetc%2Fk.pem&tls-client-ca=%2Fetc%2Fca.pem&tls-protocols=TLSv1.3"
                + "&tls-handshake-timeout=2500", ListenerOptionsCodec.encode(tls));
        assertEquals(tls, ListenerOptionsCodec.decode(Protocol.DISCARD, "d", ListenerOptionsCodec.encode(tls)));
        assertEquals("listener 'd' (discard): option tls-protocols does not fit: tls-protocols must be one or both of"
                + " TLSv1.3, TLSv1.2 (got TLSv1.1)", assertThrows(IllegalArgumentException.class, () -> ListenerOptionsCodec
                .decode(Protocol.DISCARD, "d", "tls-cert=c&tls-key=k&tls-protocols=TLSv1.1&tls-handshake-timeout=1"))
                .getMessage());
    }

    @Test
    void aProxyOriginatingTlsWritesItsSwitchAndTrustBundleAndReadsThemBack() {
        ListenerOptions proxy = ListenerOptions.of(ProxyOptions.to(new Upstream("db.internal", 5432))
                .withUpstreamTls(Path.of("/etc/db-ca.pem")));

        assertEquals("upstream=db.internal%3A5432&connect-timeout=5000&dump=off&dump-format=auto&upstream-tls=true"
                + "&upstream-tls-ca=%2Fetc%2Fdb-ca.pem", ListenerOptionsCodec.encode(proxy));
        assertEquals(proxy, ListenerOptionsCodec.decode(Protocol.PROXY, "db", ListenerOptionsCodec.encode(proxy)));
        ListenerOptions defaultTrust = ListenerOptions.of(ProxyOptions.to(new Upstream("db.internal", 5432)).withUpstreamTls(null));
        assertEquals(defaultTrust, ListenerOptionsCodec.decode(Protocol.PROXY, "db", ListenerOptionsCodec.encode(defaultTrust)));
    }

    @Test
    void faultsAreWrittenAndReadBackForEchoProxyAndEchoUdp() {
        List<Fault> faults = List.of(
                Fault.of(FaultType.LATENCY, FaultStream.UPSTREAM, null, 0.5, Map.of("latency", "200ms")),
                Fault.of(FaultType.LIMIT_DATA, FaultStream.DOWNSTREAM, "cut", 1, Map.of("bytes", "1000")));
        ListenerOptions echo = ListenerOptions.NONE.withFaults(faults);

        String text = ListenerOptionsCodec.encode(echo);

        assertEquals("faults=latency_upstream%2Clatency%2Cupstream%2C0.5%2Clatency%3D200%2Cjitter%3D0%3B"
                + "cut%2Climit-data%2Cdownstream%2C1%2Cbytes%3D1000", text);
        assertEquals(echo, ListenerOptionsCodec.decode(Protocol.ECHO, "e", text));
        assertEquals(PROXY.withFaults(faults), ListenerOptionsCodec.decode(Protocol.PROXY, "db",
                ListenerOptionsCodec.encode(PROXY.withFaults(faults))));
        assertFalse(echo.fit(Protocol.DAYTIME), "daytime takes no faults");
    }

    @Test
    void optionsThatAreOffAreLeftOut() {
        ListenerOptions udp = ListenerOptions.of(new EchoUdpOptions(false, Rate.OFF));

        assertEquals("udp-loop-guard=false&udp-rate-per-source=off", ListenerOptionsCodec.encode(udp));
        assertEquals("", ListenerOptionsCodec.encode(ListenerOptions.NONE));
        assertEquals(udp, ListenerOptionsCodec.decode(Protocol.ECHO_UDP, "u", ListenerOptionsCodec.encode(udp)));
    }

    @Test
    void aMissingOptionNamesTheListenerAndTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenerOptionsCodec.decode(
                Protocol.PROXY, "nowhere", "connect-timeout=5000&dump=off&dump-format=auto"));

        assertEquals("listener 'nowhere' (proxy): option upstream is missing", e.getMessage());
    }

    @Test
    void aMalformedOptionNamesItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenerOptionsCodec.decode(
                Protocol.ECHO_UDP, "u", "udp-loop-guard=yes&udp-rate-per-source=off"));

        assertEquals("listener 'u' (echo-udp): option udp-loop-guard is malformed: 'yes'", e.getMessage());
    }

    @Test
    void anOptionTheProtocolDoesNotTakeIsUnknown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ListenerOptionsCodec.decode(Protocol.ECHO_UDP, "u", "udp-loop-guard=true&udp-rate-per-source=off"
                        + "&max-connections-per-ip=3"));

        assertEquals("listener 'u' (echo-udp): option max-connections-per-ip is unknown (known: access,"
                + " faults, udp-loop-guard, udp-rate-per-source)", e.getMessage());
    }

    @Test
    void aProxyProtocolListWithAHostNameDoesNotFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenerOptionsCodec.decode(
                Protocol.ECHO, "pp", "proxy-protocol=true&proxy-protocol-from=lb.example&proxy-protocol-timeout=3000"));

        assertEquals("listener 'pp' (echo): option proxy-protocol-from does not fit: \"lb.example\" is not a literal"
                + " IPv4 or IPv6 address", e.getMessage());
    }

    @Test
    void aDumpFileWithoutDumpToFileDoesNotFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListenerOptionsCodec.decode(
                Protocol.PROXY, "p", "upstream=h:1&connect-timeout=5&dump=log&dump-file=%2Ftmp%2Fx&dump-format=auto"));

        assertEquals("listener 'p' (proxy): option dump-file does not fit: dump-file must be an absolute path exactly"
                + " when dump is file, got dump log and dump-file /tmp/x", e.getMessage());
    }
}
