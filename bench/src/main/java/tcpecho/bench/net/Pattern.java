package tcpecho.bench.net;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

/**
 * The bytes one connection sends, repeated forever: random bytes from a seeded PRNG so a run
 * can be reproduced, and a whole number of messages long so a message never wraps around.
 */
public final class Pattern {
    // Above this size the pattern is direct: heap buffers cost the JDK an extra copy per write.
    private static final int DIRECT_THRESHOLD = 4096;

    private final ByteBuffer bytes;
    private final int messageSize;

    private Pattern(ByteBuffer bytes, int messageSize) {
        this.bytes = bytes;
        this.messageSize = messageSize;
    }

    /** A pattern of at least {@code minLength} bytes (and at least one message). */
    public static Pattern random(long seed, int messageSize, int minLength) {
        int messages = Math.max(1, (minLength + messageSize - 1) / messageSize);
        byte[] data = new byte[Math.multiplyExact(messages, messageSize)];
        new SplittableRandom(seed).nextBytes(data);
        return wrap(data, messageSize);
    }

    public static Pattern wrap(byte[] data, int messageSize) {
        if (messageSize <= 0 || data.length % messageSize != 0) {
            throw new IllegalArgumentException("pattern length " + data.length
                    + " is not a multiple of message size " + messageSize);
        }
        ByteBuffer buf = data.length >= DIRECT_THRESHOLD ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
        buf.put(data).flip();
        return new Pattern(buf, messageSize);
    }

    public int length() {
        return bytes.capacity();
    }

    public int messageSize() {
        return messageSize;
    }

    /** A view of {@code length} bytes from {@code offset}; its position and limit are the caller's. */
    public ByteBuffer slice(int offset, int length) {
        return bytes.slice(offset, length);
    }

    /** A view of the whole pattern with its own position and limit. */
    public ByteBuffer view() {
        return bytes.duplicate();
    }
}
