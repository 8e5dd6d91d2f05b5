package tcpecho.worker.proxyheader;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Reads one PROXY protocol header, v1 or v2 (told apart by their first byte), from bytes that
 * arrive in any pieces, and never takes a byte beyond it: the caller reads at most {@link #wanted()}
 * bytes from the socket before each {@link #feed}, so whatever the connection carries after the
 * header is still in the socket for the protocol that follows.
 *
 * <p>What one decoder holds is bounded: a 108-byte array (a v1 line, or a v2 header with up to 92
 * bytes of addresses and TLVs: every IPv4 or IPv6 header a balancer sends without TLVs), grown only
 * for a v2 header that says it is longer, and never past {@link #MAX_BYTES}. A longer header is
 * refused after its 16th byte, before anything of its body is read.
 */
public final class ProxyHeaderDecoder {
    /** NGINX's limit too: far above what balancers send (HAProxy with SSL TLVs, AWS and GCP ids: ~100-300 bytes). */
    public static final int MAX_BYTES = 4096;
    /** What every decoder holds from the start. */
    public static final int INITIAL_BYTES = V1Line.MAX_BYTES + 1;

    private byte[] bytes = new byte[INITIAL_BYTES];
    private int length;
    /** 0 until the first byte says which; then 1 or 2. */
    private int version;
    private int total = -1;
    private ProxyHeader header;

    /** How many bytes may be read now without reading past the header; 0 once it is complete. */
    public int wanted() throws ProxyHeaderException {
        if (header != null) {
            return 0;
        }
        if (version == 0) {
            return V1Line.MIN_BYTES;
        }
        if (version == 1) {
            return V1Line.wanted(bytes, length);
        }
        return total < 0 ? V2Header.FIXED_BYTES - length : total - length;
    }

    /**
     * Takes all of {@code in} (no more than {@link #wanted()} bytes), and returns the header once it
     * is complete, else null. Throws as soon as the bytes cannot be a valid header.
     */
    public ProxyHeader feed(ByteBuffer in) throws ProxyHeaderException {
        int n = in.remaining();
        if (header != null || n > wanted()) {
            throw new IllegalStateException("fed " + n + " bytes, wanted " + wanted());
        }
        in.get(bytes, length, n);
        length += n;
        if (version == 0 && length > 0) {
            version = bytes[0] == 'P' ? 1 : bytes[0] == V2Header.SIGNATURE[0] ? 2 : -1;
            if (version < 0) {
                throw new ProxyHeaderException("not a PROXY protocol header (starts " + Hex.quote(bytes, length) + ")");
            }
        }
        return version == 1 ? v1() : v2();
    }

    /** Bytes this decoder holds now, for the worker's budget. */
    public int bufferBytes() {
        return bytes.length;
    }

    /** The bytes taken so far, for a log line about a header that never completed. */
    public String seen() {
        return length + " byte(s) " + Hex.quote(bytes, length);
    }

    private ProxyHeader v1() throws ProxyHeaderException {
        if (length >= 2 && bytes[length - 2] == '\r' && bytes[length - 1] == '\n') {
            header = V1Line.parse(bytes, length);
            return header;
        }
        V1Line.wanted(bytes, length);
        return null;
    }

    private ProxyHeader v2() throws ProxyHeaderException {
        if (total < 0) {
            V2Header.checkPrefix(bytes, length);
            if (length < V2Header.FIXED_BYTES) {
                return null;
            }
            total = V2Header.totalLength(bytes);
            if (total > MAX_BYTES) {
                throw new ProxyHeaderException("v2 header says " + total + " bytes, more than the " + MAX_BYTES + " accepted");
            }
            if (total > bytes.length) {
                bytes = Arrays.copyOf(bytes, total);
            }
        }
        if (length < total) {
            return null;
        }
        header = V2Header.parse(bytes, length);
        return header;
    }
}
