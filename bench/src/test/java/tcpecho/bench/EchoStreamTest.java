package tcpecho.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import tcpecho.bench.net.EchoStream;
import tcpecho.bench.net.Pattern;

class EchoStreamTest {
    private static byte[] sendAll(EchoStream stream, int bytes) {
        ByteBuffer all = ByteBuffer.allocate(bytes);
        while (all.hasRemaining()) {
            ByteBuffer out = stream.outgoing(all.remaining());
            stream.sent(out.remaining());
            all.put(out);
        }
        return all.array();
    }

    @Test
    void echoSplitAnywhereVerifies() {
        EchoStream stream = new EchoStream(Pattern.random(7, 100, 1000));
        byte[] sent = sendAll(stream, 2500);
        int[] cuts = {0, 1, 99, 100, 101, 999, 1000, 1001, 2499, 2500};
        for (int i = 1; i < cuts.length; i++) {
            assertTrue(stream.verify(ByteBuffer.wrap(sent, cuts[i - 1], cuts[i] - cuts[i - 1])));
        }
        assertEquals(2500, stream.verified());
        assertEquals(0, stream.outstanding());
    }

    @Test
    void oneWrongByteIsDetectedAtItsOffset() {
        EchoStream stream = new EchoStream(Pattern.random(7, 64, 4096));
        byte[] echo = sendAll(stream, 5000);
        echo[4321] ^= 0x40;
        assertTrue(stream.verify(ByteBuffer.wrap(echo, 0, 4000)));
        assertFalse(stream.verify(ByteBuffer.wrap(echo, 4000, 1000)));
        assertEquals(4321, stream.mismatchAt());
    }

    @Test
    void moreBytesThanSentIsWrong() {
        EchoStream stream = new EchoStream(Pattern.random(7, 16, 16));
        byte[] echo = sendAll(stream, 16);
        ByteBuffer tooMuch = ByteBuffer.allocate(17).put(echo).put((byte) 0).flip();
        assertFalse(stream.verify(tooMuch));
    }

    @Test
    void sameSeedSamePayloadOtherSeedOther() {
        assertEquals(Pattern.random(3, 64, 0).view(), Pattern.random(3, 64, 0).view());
        assertFalse(Pattern.random(3, 64, 0).view().equals(Pattern.random(4, 64, 0).view()));
    }
}
