package tcpecho.common.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InheritedListenerTest {

    @Test
    void optionsSurviveEncodingEvenWithSeparatorsInTheirValues() {
        InheritedListener proxy = new InheritedListener(5, Protocol.PROXY, "inet", "redis",
                Map.of("upstream", "127.0.0.1:6379", "dump-file", "/tmp/a b&c=d.log"));

        InheritedListener back = InheritedListener.decode(proxy.encode());

        assertEquals(proxy, back);
        assertEquals("/tmp/a b&c=d.log", back.option("dump-file", null));
    }

    @Test
    void withoutOptionsTheOldFourFieldFormStillParses() {
        assertEquals(new InheritedListener(3, Protocol.ECHO, "inet", "echo"), InheritedListener.decode("3:echo:inet:echo"));
    }

    @Test
    void onlyEchoUdpIsADatagramSocket() {
        assertTrue(new InheritedListener(3, Protocol.ECHO_UDP, "inet", "u").isDatagram());
        assertFalse(new InheritedListener(3, Protocol.CHARGEN, "inet", "c").isDatagram());
    }

    @Test
    void aMalformedOptionIsRefusedWithItsText() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> InheritedListener.decode("3:proxy:inet:p:upstream"));

        assertEquals("listener option must be key=value, got 'upstream'", e.getMessage());
    }
}
