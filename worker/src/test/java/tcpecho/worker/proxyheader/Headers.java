package tcpecho.worker.proxyheader;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Test helpers: builds raw headers byte by byte, and runs a decoder the way the worker reads a socket. */
final class Headers {
    static final byte[] SIG = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    /** What a stream gave: the header (or the failure, or null when it wants more) and the bytes it left. */
    record Outcome(ProxyHeader header, ProxyHeaderException failure, byte[] left, int reads) {
        boolean incomplete() {
            return header == null && failure == null;
        }
    }

    private Headers() {
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A v2 header: signature, ver/cmd, fam, then {@code body} with its length. */
    static byte[] v2(int verCmd, int fam, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(16 + body.length);
        out.put(SIG).put((byte) verCmd).put((byte) fam).putShort((short) body.length).put(body);
        return out.array();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static byte[] tlv(int type, byte[] value) {
        return concat(new byte[] {(byte) type, (byte) (value.length >> 8), (byte) value.length}, value);
    }

    /** IPv4 addresses 192.0.2.1 -> 198.51.100.2, ports 51234 -> 7. */
    static byte[] inetBlock() {
        return new byte[] {(byte) 192, 0, 2, 1, (byte) 198, 51, 100, 2, (byte) 0xC8, 0x22, 0, 7};
    }

    /** {@code header} with a CRC32C TLV appended whose checksum is right (or off by one, when {@code wrong}). */
    static byte[] withCrc(int fam, byte[] block, boolean wrong) {
        byte[] header = v2(0x21, fam, concat(block, tlv(0x03, new byte[4])));
        CRC32C crc = new CRC32C();
        crc.update(header);
        long value = crc.getValue() + (wrong ? 1 : 0);
        int at = header.length - 4;
        header[at] = (byte) (value >> 24);
        header[at + 1] = (byte) (value >> 16);
        header[at + 2] = (byte) (value >> 8);
        header[at + 3] = (byte) value;
        return header;
    }

    /**
     * Feeds {@code stream} to a fresh decoder as the worker does: each read takes at most
     * {@code wanted()} bytes and at most {@code chunk} (1 = byte by byte).
     */
    static Outcome run(byte[] stream, int chunk) {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        int at = 0;
        int reads = 0;
        try {
            while (at < stream.length) {
                int n = Math.min(Math.min(decoder.wanted(), chunk), stream.length - at);
                reads++;
                ByteBuffer piece = ByteBuffer.wrap(stream, at, n);
                at += n;
                ProxyHeader header = decoder.feed(piece);
                if (header != null) {
                    return new Outcome(header, null, Arrays.copyOfRange(stream, at, stream.length), reads);
                }
            }
            return new Outcome(null, null, new byte[0], reads);
        } catch (ProxyHeaderException e) {
            return new Outcome(null, e, Arrays.copyOfRange(stream, at, stream.length), reads);
        }
    }
}
