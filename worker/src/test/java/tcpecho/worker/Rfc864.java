package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * What a chargen stream must look like, written out by hand from RFC 864 rather than computed
 * with {@link Chargen}'s own formula: lines 1, 2, 94, 95 and 96 (the first of the second cycle)
 * as literal text, 72 characters and CRLF each, every line the previous one moved on by one
 * character, and the whole repeating every 95 lines.
 */
final class Rfc864 {
    /** 1-based line number -> its 72 characters. */
    static final Map<Integer, String> LINES = Map.of(
            1, " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg",
            2, "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh",
            94, "}~ !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcde",
            95, "~ !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdef",
            96, " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg");

    private Rfc864() {
    }

    /** Checks that {@code stream} is the start of a chargen stream holding at least 96 whole lines. */
    static void assertStream(byte[] stream) {
        String[] lines = new String(stream, StandardCharsets.US_ASCII).split("\r\n", -1);
        int whole = lines.length - 1; // the last element is what follows the last CRLF
        assertEquals(true, whole >= 96, "whole lines received: " + whole);
        LINES.forEach((number, text) -> assertEquals(text, lines[number - 1], "line " + number));
        for (int i = 0; i < whole; i++) {
            assertEquals(72, lines[i].length(), "length of line " + (i + 1));
            if (i > 0) {
                assertEquals(lines[i - 1].substring(1), lines[i].substring(0, 71), "line " + (i + 1) + " moves on by one");
            }
            if (i >= 95) {
                assertEquals(lines[i - 95], lines[i], "line " + (i + 1) + " repeats line " + (i - 94));
            }
        }
        String rest = lines[whole];
        assertEquals((lines[whole % 95] + "\r").substring(0, rest.length()), rest, "the partial line after line " + whole);
    }
}
