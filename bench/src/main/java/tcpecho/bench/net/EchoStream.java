package tcpecho.bench.net;

import java.nio.ByteBuffer;

/**
 * One connection's byte stream: what was sent, and how much of the echo matched byte for byte.
 * TCP may split or merge messages, so the echo is checked as a stream against the pattern.
 */
public final class EchoStream {
    private final Pattern pattern;
    private final ByteBuffer out;
    // Written by the sending thread, read by the verifying one (latency mode sends from a pacer).
    private volatile long sent;
    private long verified;
    private long mismatchAt = -1;

    public EchoStream(Pattern pattern) {
        this.pattern = pattern;
        this.out = pattern.view();
    }

    public Pattern pattern() {
        return pattern;
    }

    /** The next bytes to send, at most {@code max}, never wrapping past the end of the pattern. */
    public ByteBuffer outgoing(long max) {
        int from = (int) (sent % pattern.length());
        int n = (int) Math.min(max, pattern.length() - from);
        out.limit(from + n).position(from);
        return out;
    }

    /** Records {@code n} bytes as sent (or, for a pacer, as about to be sent). */
    public void sent(long n) {
        sent += n;
    }

    /**
     * Checks the bytes between {@code in}'s position and limit against the stream and consumes
     * them. Returns false at the first wrong byte, or when more came back than was sent.
     */
    public boolean verify(ByteBuffer in) {
        if (verified + in.remaining() > sent) {
            mismatchAt = sent;
            return false;
        }
        while (in.hasRemaining()) {
            int from = (int) (verified % pattern.length());
            int n = Math.min(in.remaining(), pattern.length() - from);
            int bad = in.slice(in.position(), n).mismatch(pattern.slice(from, n));
            if (bad >= 0) {
                mismatchAt = verified + bad;
                return false;
            }
            verified += n;
            in.position(in.position() + n);
        }
        return true;
    }

    public long sent() {
        return sent;
    }

    public long verified() {
        return verified;
    }

    public long outstanding() {
        return sent - verified;
    }

    /** Stream offset of the first wrong byte, or -1. */
    public long mismatchAt() {
        return mismatchAt;
    }
}
