package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChargenTest {

    @Test
    void linesAreThoseOfRfc864() {
        Rfc864.LINES.forEach((number, text) -> assertEquals(text, Chargen.line(number - 1), "line " + number));
    }

    @Test
    void patternIsLinesWithCrlfRepeatingEvery95Lines() {
        ByteBuffer pattern = Chargen.pattern(2);
        assertEquals(14_060, pattern.remaining());
        byte[] bytes = new byte[pattern.remaining()];
        pattern.duplicate().get(bytes);
        Rfc864.assertStream(bytes);
        assertEquals("\r\n", new String(bytes, 14_058, 2, java.nio.charset.StandardCharsets.US_ASCII), "ends with a whole line");
    }

    @Test
    void sharedBufferIsReadOnlyAndHoldsMoreThanOneWriteFromAnyOffset() {
        assertEquals(true, Chargen.SHARED.isReadOnly());
        assertEquals(11 * 7030, Chargen.SHARED.capacity(), "10 cycles for a 64 KiB write, plus one for the offset");
        byte[] bytes = new byte[Chargen.SHARED.capacity()];
        Chargen.SHARED.duplicate().get(bytes);
        Rfc864.assertStream(bytes);
    }
}
