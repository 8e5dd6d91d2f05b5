package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChargenTest {

    @Test
    void firstLinesAreThoseOfRfc864() {
        assertEquals("!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh",
                Chargen.line(1));
        assertEquals(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg",
                Chargen.line(0));
        assertEquals("~ !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdef",
                Chargen.line(94));
        assertEquals(Chargen.line(0), Chargen.line(95));
    }

    @Test
    void patternIsLinesWithCrlfRepeatingEvery95Lines() {
        ByteBuffer pattern = Chargen.pattern(2);
        assertEquals(2 * 7030, pattern.remaining());
        byte[] bytes = new byte[pattern.remaining()];
        pattern.duplicate().get(bytes);
        String text = new String(bytes, StandardCharsets.US_ASCII);
        String[] lines = text.split("\r\n", -1);
        assertEquals(2 * 95 + 1, lines.length);
        for (int n = 0; n < 2 * 95; n++) {
            assertEquals(Chargen.line(n), lines[n], "line " + n);
        }
        assertEquals("", lines[2 * 95]);
    }

    @Test
    void sharedBufferIsReadOnlyAndHoldsMoreThanOneWriteFromAnyOffset() {
        assertEquals(true, Chargen.SHARED.isReadOnly());
        assertEquals((Chargen.CYCLES + 1) * Chargen.CYCLE_BYTES, Chargen.SHARED.capacity());
    }
}
