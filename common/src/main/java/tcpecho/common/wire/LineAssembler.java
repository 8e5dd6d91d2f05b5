package tcpecho.common.wire;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns bytes read from a control connection (blocking or non-blocking) into complete lines.
 * A line longer than {@link MessageCodec#MAX_LINE_BYTES} is an error: a peer that never sends a
 * newline must not grow our memory.
 */
public final class LineAssembler {
    private byte[] pending = new byte[256];
    private int length;

    /** Consumes every remaining byte of {@code input}; returns the lines it completed. */
    public List<String> feed(ByteBuffer input) throws MalformedMessageException {
        List<String> lines = new ArrayList<>(1);
        while (input.hasRemaining()) {
            byte b = input.get();
            if (b == '\n') {
                lines.add(new String(pending, 0, length, StandardCharsets.UTF_8));
                length = 0;
                continue;
            }
            if (length == MessageCodec.MAX_LINE_BYTES) {
                throw new MalformedMessageException("line longer than " + MessageCodec.MAX_LINE_BYTES + " bytes");
            }
            if (length == pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.min(pending.length * 2, MessageCodec.MAX_LINE_BYTES));
            }
            pending[length++] = b;
        }
        return lines;
    }
}
