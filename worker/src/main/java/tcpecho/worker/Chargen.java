package tcpecho.worker;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The RFC 864 character generator pattern: lines of 72 characters from the 95 printable ASCII
 * characters (space to tilde), each line starting one character further on, then CRLF. After 95
 * lines the pattern repeats, so one cycle of 95 x 74 = 7030 bytes describes the whole stream.
 */
final class Chargen {
    static final int LINE_CHARS = 72;
    static final int PRINTABLE = 95;
    static final int LINE_BYTES = LINE_CHARS + 2;
    static final int CYCLE_BYTES = PRINTABLE * LINE_BYTES;
    /** Cycles in the shared buffer: a write can then take up to ~63 KiB from any offset in one call. */
    static final int CYCLES = 10;

    /**
     * One read-only buffer, shared by every chargen connection, holding {@link #CYCLES} + 1 cycles:
     * a connection at offset {@code o} (within the first cycle) sends a slice starting at {@code o},
     * so it holds no buffer of its own and memory stays constant however slow its reader.
     */
    static final ByteBuffer SHARED = pattern(CYCLES + 1);

    private Chargen() {
    }

    /** Line {@code n} (0-based) without its CRLF. */
    static String line(int n) {
        StringBuilder text = new StringBuilder(LINE_CHARS);
        for (int i = 0; i < LINE_CHARS; i++) {
            text.append((char) (' ' + (n + i) % PRINTABLE));
        }
        return text.toString();
    }

    /** {@code cycles} whole cycles of the pattern, in a read-only direct buffer. */
    static ByteBuffer pattern(int cycles) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(cycles * CYCLE_BYTES);
        for (int n = 0; n < cycles * PRINTABLE; n++) {
            buffer.put(line(n).getBytes(StandardCharsets.US_ASCII)).put((byte) '\r').put((byte) '\n');
        }
        return buffer.flip().asReadOnlyBuffer();
    }
}
