package tcpecho.worker.proxyheader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fuzzes the decoder against Netty's {@code codec-haproxy} decoder as the reference: valid headers
 * of every kind Netty's encoder writes, then the same mutated (bytes flipped, cut short, grown past
 * the bounds), then random bytes, each fed whole, in random pieces and byte by byte. What must hold:
 * <ul>
 * <li>a valid header is accepted with the addresses and ports Netty reads, and not one byte of the
 *     payload behind it is taken;</li>
 * <li>whatever ours accepts, Netty accepts too, with the same addresses, and the same bytes are left
 *     for the protocol: ours may be stricter (it verifies CRC32C, caps headers at 4096 bytes and
 *     unique IDs at 128, refuses leading zeros and a trailing space in v1), never more lenient;</li>
 * <li>how the bytes are split never changes the verdict.</li>
 * </ul>
 * The one known exception: Netty refuses port 0 in a v1 line, which the spec allows (0-65535).
 */
class ProxyHeaderFuzzTest {
    private static final byte[] PAYLOAD = Headers.ascii("PROXY payload\r\n");
    private static final long SEED = Long.getLong("fuzz.seed", 20261202L);
    private final Random random = new Random(SEED);
    private int stricter;
    private int bothAccepted;
    private int bothRefused;

    @Test
    void validHeadersDecodeAsNettyDecodesThem() {
        for (int i = 0; i < 3000; i++) {
            HAProxyMessage message = randomMessage();
            byte[] header = encode(message);
            byte[] stream = Headers.concat(header, PAYLOAD);
            for (int chunk : new int[] {1, 1 + random.nextInt(40), 65536}) {
                Headers.Outcome ours = Headers.run(stream, chunk);
                assertNotNull(ours.header(), () -> "refused " + ByteBufUtil.hexDump(header) + ": "
                        + (ours.failure() == null ? "incomplete" : ours.failure().getMessage()));
                assertArrayEquals(PAYLOAD, ours.left());
                assertSame(message, ours.header(), header);
            }
            message.release();
        }
    }

    @Test
    void mutatedTruncatedAndRandomBytesAreNeverAcceptedWhereNettyRefuses() {
        for (int i = 0; i < 20000; i++) {
            byte[] input = switch (i % 4) {
                case 0 -> flip(validHeader());
                case 1 -> truncate(validHeader());
                case 2 -> v1Garbled();
                default -> randomBytes();
            };
            compare(input);
        }
        // The fuzz must have reached both outcomes, else it tested nothing.
        assertTrue(bothAccepted > 500, "both accepted: " + bothAccepted);
        assertTrue(bothRefused > 5000, "both refused: " + bothRefused);
        System.out.printf("fuzz seed %d: both accepted %d, both refused %d, only Netty accepted %d%n", SEED,
                bothAccepted, bothRefused, stricter);
    }

    @Test
    void oversizedV2HeadersAreRefusedAndNettyWouldHaveTakenThem() {
        for (int size : new int[] {4097, 8192, 65535 + 16}) {
            byte[] body = Headers.concat(Headers.inetBlock(), Headers.tlv(0x04, new byte[size - 16 - 12 - 3]));
            byte[] header = Headers.v2(0x21, 0x11, body);
            Headers.Outcome ours = Headers.run(header, 1);
            assertEquals("v2 header says " + size + " bytes, more than the 4096 accepted", ours.failure().getMessage());
            assertEquals(header.length - 16, ours.left().length, "refused right after the fixed 16 bytes");
            assertNotNull(netty(header).message, "Netty's own limit is 65535 + 16");
        }
    }

    private void compare(byte[] input) {
        byte[] stream = Headers.concat(input, PAYLOAD);
        Headers.Outcome whole = Headers.run(stream, 65536);
        Headers.Outcome pieces = Headers.run(stream, 1 + random.nextInt(9));
        Headers.Outcome slow = Headers.run(stream, 1);
        for (Headers.Outcome other : List.of(pieces, slow)) {
            assertEquals(verdict(whole), verdict(other), () -> "split changed the verdict on " + hex(input));
            if (whole.header() != null) {
                assertEquals(whole.header(), other.header());
            }
        }
        Netty netty = netty(stream);
        if (whole.header() != null) {
            if (netty.message == null) {
                if (v1PortZero(input)) {
                    return;
                }
                fail("accepted what Netty refuses (" + netty.error + "): " + hex(input) + " as " + whole.header());
            }
            assertSame(netty.message, whole.header(), input);
            assertArrayEquals(netty.left, whole.left(), () -> "left different bytes after " + hex(input));
            netty.message.release();
            bothAccepted++;
        } else if (netty.message != null) {
            netty.message.release();
            stricter++;
        } else {
            bothRefused++;
        }
    }

    private static String verdict(Headers.Outcome outcome) {
        return outcome.header() != null ? "accepted" : outcome.failure() != null ? "refused" : "incomplete";
    }

    private static void assertSame(HAProxyMessage expected, ProxyHeader actual, byte[] header) {
        String where = hex(header);
        assertEquals(expected.protocolVersion() == HAProxyProtocolVersion.V1 ? 1 : 2, actual.version(), where);
        assertEquals(expected.command() == HAProxyCommand.LOCAL, actual.local(), where);
        HAProxyProxiedProtocol.AddressFamily family = expected.proxiedProtocol().addressFamily();
        boolean inet = !actual.local() && (family == HAProxyProxiedProtocol.AddressFamily.AF_IPv4
                || family == HAProxyProxiedProtocol.AddressFamily.AF_IPv6);
        assertEquals(inet, actual.hasClient(), where);
        if (inet) {
            assertEquals(address(expected.sourceAddress()), actual.source().getAddress(), where);
            assertEquals(address(expected.destinationAddress()), actual.destination().getAddress(), where);
            assertEquals(expected.sourcePort(), actual.source().getPort(), where);
            assertEquals(expected.destinationPort(), actual.destination().getPort(), where);
        }
        if (family == HAProxyProxiedProtocol.AddressFamily.AF_UNIX && !actual.local()
                && expected.sourceAddress().matches("[ -~&&[^\"\\\\]]*")) {
            assertEquals("PROXY v2 UNIX " + expected.sourceAddress(), actual.describe(), where);
        }
    }

    /** Netty's verdict on {@code stream}: its message (or null) and what it passed on after it. */
    private record Netty(HAProxyMessage message, String error, byte[] left) {
    }

    private static Netty netty(byte[] stream) {
        EmbeddedChannel channel = new EmbeddedChannel(new HAProxyMessageDecoder());
        try {
            channel.writeInbound(Unpooled.wrappedBuffer(stream));
        } catch (RuntimeException refused) {
            channel.finishAndReleaseAll();
            return new Netty(null, refused.toString(), null);
        }
        Object first = channel.readInbound();
        if (!(first instanceof HAProxyMessage message)) {
            channel.finishAndReleaseAll();
            return new Netty(null, "no message", null);
        }
        ByteBuf rest = Unpooled.buffer();
        for (Object next = channel.readInbound(); next != null; next = channel.readInbound()) {
            rest.writeBytes((ByteBuf) next);
            ((ByteBuf) next).release();
        }
        channel.finishAndReleaseAll();
        return new Netty(message, null, ByteBufUtil.getBytes(rest));
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByAddress(NetUtil.createByteArrayFromIpAddressString(text));
        } catch (UnknownHostException e) {
            throw new AssertionError(text, e);
        }
    }

    private static byte[] encode(HAProxyMessage message) {
        EmbeddedChannel channel = new EmbeddedChannel(HAProxyMessageEncoder.INSTANCE);
        channel.writeOutbound(message.retain());
        ByteBuf out = channel.readOutbound();
        byte[] bytes = ByteBufUtil.getBytes(out);
        out.release();
        channel.finishAndReleaseAll();
        return bytes;
    }

    private byte[] validHeader() {
        HAProxyMessage message = randomMessage();
        byte[] header = encode(message);
        message.release();
        return header;
    }

    private HAProxyMessage randomMessage() {
        boolean v1 = random.nextInt(3) == 0;
        if (random.nextInt(12) == 0) {
            return new HAProxyMessage(v1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                    v1 ? HAProxyCommand.PROXY : HAProxyCommand.LOCAL, HAProxyProxiedProtocol.UNKNOWN, null, null, 0, 0);
        }
        HAProxyProxiedProtocol protocol = v1
                ? (random.nextBoolean() ? HAProxyProxiedProtocol.TCP4 : HAProxyProxiedProtocol.TCP6)
                : HAProxyProxiedProtocol.values()[1 + random.nextInt(6)];
        HAProxyProxiedProtocol.AddressFamily family = protocol.addressFamily();
        String source = randomAddress(family);
        String destination = randomAddress(family);
        int sourcePort = family == HAProxyProxiedProtocol.AddressFamily.AF_UNIX ? 0 : 1 + random.nextInt(65535);
        int destinationPort = family == HAProxyProxiedProtocol.AddressFamily.AF_UNIX ? 0 : 1 + random.nextInt(65535);
        List<HAProxyTLV> tlvs = new ArrayList<>();
        if (!v1) {
            for (int t = random.nextInt(4); t > 0; t--) {
                byte[] value = new byte[random.nextInt(40)];
                random.nextBytes(value);
                int type = new int[] {0x01, 0x02, 0x04, 0x30, 0xE0, 0xEE}[random.nextInt(6)];
                tlvs.add(new HAProxyTLV((byte) type, Unpooled.wrappedBuffer(value)));
            }
        }
        return new HAProxyMessage(v1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2,
                HAProxyCommand.PROXY, protocol, source, destination, sourcePort, destinationPort, tlvs);
    }

    private String randomAddress(HAProxyProxiedProtocol.AddressFamily family) {
        switch (family) {
            case AF_IPv4 -> {
                return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
            }
            case AF_IPv6 -> {
                byte[] raw = new byte[16];
                random.nextBytes(raw);
                if (random.nextBoolean()) {
                    Arrays.fill(raw, 2, 14, (byte) 0);
                }
                return NetUtil.bytesToIpAddress(raw);
            }
            default -> {
                return "/run/c" + random.nextInt(100000) + ".sock";
            }
        }
    }

    private byte[] flip(byte[] header) {
        byte[] copy = header.clone();
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            int at = random.nextInt(copy.length);
            copy[at] = random.nextInt(4) == 0 ? (byte) random.nextInt(256) : (byte) (copy[at] ^ (1 << random.nextInt(8)));
        }
        return copy;
    }

    private byte[] truncate(byte[] header) {
        return Arrays.copyOf(header, random.nextInt(header.length));
    }

    /** A v1 line with one field swapped for a plausible wrong one: the text grammar's corners. */
    private byte[] v1Garbled() {
        String[] sources = {"1.2.3.4", "01.2.3.4", "1.2.3", "256.1.1.1", "::1", "1::2::3", "::ffff:1.2.3.4", "1.2.3.4 "};
        String[] ports = {"0", "1", "65535", "65536", "080", "-1", "", "1 "};
        String[] families = {"TCP4", "TCP6", "UNKNOWN", "TCP5", "tcp4"};
        String line = "PROXY " + pick(families) + " " + pick(sources) + " " + pick(sources) + " " + pick(ports) + " "
                + pick(ports) + (random.nextInt(10) == 0 ? "\n" : "\r\n");
        return Headers.ascii(line);
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(120)];
        random.nextBytes(bytes);
        if (bytes.length >= 16 && random.nextBoolean()) {
            System.arraycopy(Headers.SIG, 0, bytes, 0, 12);
            bytes[12] = 0x21;
            bytes[14] = 0;
            bytes[15] = (byte) Math.max(0, bytes.length - 16 - random.nextInt(3));
        }
        return bytes;
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static boolean v1PortZero(byte[] input) {
        String text = new String(input, java.nio.charset.StandardCharsets.ISO_8859_1);
        return text.startsWith("PROXY TCP") && (text.contains(" 0 ") || text.contains(" 0\r\n"));
    }

    private static String hex(byte[] bytes) {
        return ByteBufUtil.hexDump(bytes);
    }
}
