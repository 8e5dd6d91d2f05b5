package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tcpecho.common.listener.DumpMode;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.listener.Upstream;

class InheritedListenerTest {

    @Test
    void optionsSurviveEncodingEvenWithSeparatorsInTheirValues() {
        ProxyOptions proxy = ProxyOptions.to(new Upstream("127.0.0.1", 6379))
                .withDump(DumpMode.FILE, Path.of("/tmp/a b&c=d:e.log"));
        InheritedListener listener = new InheritedListener(5, Protocol.PROXY, "inet", "redis", ListenerOptions.of(proxy));

        InheritedListener back = InheritedListener.decode(listener.encode());

        assertEquals(listener, back);
        assertEquals(Path.of("/tmp/a b&c=d:e.log"), ((ProxyOptions) back.options().protocol()).dumpFile());
    }

    @Test
    void withoutOptionsTheFourFieldFormParses() {
        assertEquals(new InheritedListener(3, Protocol.ECHO, "inet", "echo"), InheritedListener.decode("3:echo:inet:echo"));
        assertEquals("3:echo:inet:echo", new InheritedListener(3, Protocol.ECHO, "inet", "echo").encode());
    }

    @Test
    void onlyEchoUdpIsADatagramSocket() {
        assertFalse(new InheritedListener(3, Protocol.CHARGEN, "inet", "c").isDatagram());
        assertTrue(InheritedListener.decode("3:echo-udp:inet:u:udp-loop-guard=true&udp-rate-per-source=off").isDatagram());
    }

    @Test
    void optionsThatDoNotFitTheProtocolAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new InheritedListener(3, Protocol.PROXY, "inet", "p"));

        assertTrue(e.getMessage().startsWith("listener 'p' (proxy) cannot take "), e.getMessage());
    }

    @Test
    void aMalformedOptionIsRefusedNamingTheListener() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InheritedListener.decode("3:proxy:inet:p:upstream"));

        assertEquals("listener 'p' (proxy): option must be key=value, got 'upstream'", e.getMessage());
    }
}
