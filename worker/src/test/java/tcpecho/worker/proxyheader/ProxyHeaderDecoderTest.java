package tcpecho.worker.proxyheader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static tcpecho.worker.proxyheader.Headers.ascii;
import static tcpecho.worker.proxyheader.Headers.concat;
import static tcpecho.worker.proxyheader.Headers.inetBlock;
import static tcpecho.worker.proxyheader.Headers.run;
import static tcpecho.worker.proxyheader.Headers.tlv;
import static tcpecho.worker.proxyheader.Headers.v2;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ProxyHeaderDecoderTest {
    private static final byte[] PAYLOAD = ascii("PROXY hello\r\n");

    private static ProxyHeader accepted(byte[] header) {
        for (int chunk : new int[] {1, 2, 7, 4096}) {
            Headers.Outcome outcome = run(concat(header, PAYLOAD), chunk);
            assertNull(outcome.failure(), () -> "chunk " + chunk + ": " + outcome.failure().getMessage());
            assertNotNull(outcome.header(), "chunk " + chunk + ": incomplete");
            assertArrayEquals(PAYLOAD, outcome.left(), "chunk " + chunk + ": read past the header");
            assertEquals(header.length, outcome.header().length());
        }
        return run(header, 4096).header();
    }

    private static String refused(byte[] header) {
        Headers.Outcome whole = run(header, 4096);
        Headers.Outcome slow = run(header, 1);
        assertNotNull(whole.failure(), "accepted in one piece: " + whole.header());
        assertNotNull(slow.failure(), "accepted byte by byte: " + slow.header());
        // The same rule breaks either way; only how much of the line the message quotes may differ.
        assertEquals(withoutQuote(whole.failure().getMessage()), withoutQuote(slow.failure().getMessage()));
        return whole.failure().getMessage();
    }

    private static String withoutQuote(String message) {
        int got = message.indexOf(" (got \"");
        return got < 0 ? message : message.substring(0, got);
    }

    @Test
    void v1Tcp4GivesTheClientAndReadsNotOneByteMore() {
        ProxyHeader header = accepted(ascii("PROXY TCP4 192.0.2.1 198.51.100.2 51234 7\r\n"));
        assertEquals(new InetSocketAddress("192.0.2.1", 51234), header.source());
        assertEquals(new InetSocketAddress("198.51.100.2", 7), header.destination());
        assertEquals("PROXY v1 TCP4", header.describe());
        assertTrue(header.hasClient());
    }

    @Test
    void v1TypicalLineTakesAFewReadsNotOnePerByte() {
        Headers.Outcome outcome = run(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"), 4096);
        assertNotNull(outcome.header());
        assertTrue(outcome.reads() <= 8, "reads: " + outcome.reads());
    }

    @Test
    void v1Tcp6InEveryFormInetPtonTakes() {
        assertEquals(new InetSocketAddress("2001:db8::1", 443),
                accepted(ascii("PROXY TCP6 2001:db8::1 2001:db8::2 443 8443\r\n")).source());
        assertEquals(new InetSocketAddress("::", 0), accepted(ascii("PROXY TCP6 :: ::1 0 65535\r\n")).source());
        assertEquals(new InetSocketAddress("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 65535), accepted(ascii(
                "PROXY TCP6 ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n"))
                .source());
        assertEquals(new InetSocketAddress("192.0.2.9", 1), accepted(ascii("PROXY TCP6 ::ffff:192.0.2.9 ::1 1 2\r\n")).source());
    }

    @Test
    void v1UnknownKeepsTheRealPeerInBothForms() {
        assertFalse(accepted(ascii("PROXY UNKNOWN\r\n")).hasClient());
        ProxyHeader longForm = accepted(ascii(
                "PROXY UNKNOWN ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff 65535 65535\r\n"));
        assertEquals(107, longForm.length());
        assertEquals("PROXY v1 UNKNOWN", longForm.describe());
    }

    @Test
    void v1RefusesWhatTheSpecForbids() {
        assertEquals("v1 source address \"01.2.3.4\" is not an IPv4 address in canonical form",
                refused(ascii("PROXY TCP4 01.2.3.4 5.6.7.8 1 2\r\n")));
        assertEquals("v1 source port \"080\" is not 0-65535 without leading zeros",
                refused(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n")));
        assertEquals("v1 destination port \"65536\" is not 0-65535 without leading zeros",
                refused(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n")));
        assertTrue(refused(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n")).startsWith("v1 line has a lone CR or LF"));
        assertTrue(refused(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rX")).startsWith("v1 line has a lone CR or LF"));
        assertTrue(refused(ascii("PROXY TCP4  1.2.3.4 5.6.7.8 1 2\r\n")).startsWith("v1 line is not"));
        assertTrue(refused(ascii("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n")).startsWith("v1 line is not"));
        assertTrue(refused(ascii("PROXY TCP4 1.2.3.4 ::1 1 2\r\n")).startsWith("v1 destination address is not"));
        assertTrue(refused(ascii("PROXY UDP4 1.2.3.4\r\n")).startsWith("v1 protocol must be TCP4, TCP6 or UNKNOWN (got \"UDP"));
        assertEquals("v1 destination address \"1:2:3:4:5:6:7:8:9\" is not an IPv6 address in canonical form",
                refused(ascii("PROXY TCP6 ::1 1:2:3:4:5:6:7:8:9 1 2\r\n")));
    }

    @Test
    void v1WithoutCrlfWithin107BytesIsRefusedAtByte107() {
        byte[] line = ascii("PROXY UNKNOWN " + "x".repeat(200));
        assertEquals("v1 line has no CRLF within 107 bytes", refused(line));
    }

    @Test
    void anythingElseIsRefusedAtItsFirstBytes() {
        Headers.Outcome http = run(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"), 4096);
        assertEquals("not a PROXY protocol header (starts \"GET / HTTP/1.1\\x0d\")", http.failure().getMessage());
        Headers.Outcome proxyish = run(ascii("PROXZ"), 1);
        assertEquals(5, proxyish.reads());
        assertNotNull(proxyish.failure());
        assertNotNull(run(new byte[] {0x16, 0x03, 0x01}, 1).failure(), "a TLS ClientHello");
    }

    @Test
    void v2Tcp4AndTcp6() {
        ProxyHeader four = accepted(v2(0x21, 0x11, inetBlock()));
        assertEquals(new InetSocketAddress("192.0.2.1", 51234), four.source());
        assertEquals(new InetSocketAddress("198.51.100.2", 7), four.destination());
        assertEquals("PROXY v2 TCP4", four.describe());
        byte[] six = new byte[36];
        six[0] = 0x20;
        six[1] = 0x01;
        six[15] = 1;
        six[31] = 2;
        six[33] = 80;
        six[35] = 81;
        ProxyHeader header = accepted(v2(0x21, 0x21, six));
        assertEquals(new InetSocketAddress("2001::1", 80), header.source());
        assertEquals(new InetSocketAddress("::2", 81), header.destination());
    }

    @Test
    void v2LocalAndUnspecKeepTheRealPeerAndSkipWhatTheySay() {
        ProxyHeader local = accepted(v2(0x20, 0x11, inetBlock()));
        assertTrue(local.local());
        assertFalse(local.hasClient());
        assertEquals("PROXY v2 LOCAL", local.describe());
        assertFalse(accepted(v2(0x20, 0x00, new byte[0])).hasClient());
        assertFalse(accepted(v2(0x21, 0x00, new byte[] {1, 2, 3, 4, 5})).hasClient());
    }

    @Test
    void v2UnixKeepsThePathForTheLogOnly() {
        byte[] block = new byte[216];
        byte[] path = ascii("/run/client.sock");
        System.arraycopy(path, 0, block, 0, path.length);
        ProxyHeader header = accepted(v2(0x21, 0x31, block));
        assertFalse(header.hasClient());
        assertEquals("PROXY v2 UNIX /run/client.sock", header.describe());
        assertEquals("v2 header's length 215 is too short for its UNIX addresses (216 bytes)",
                refused(v2(0x21, 0x31, new byte[215])));
    }

    @Test
    void v2TlvsAreParsedAndBounded() {
        ProxyHeader header = accepted(v2(0x21, 0x11, concat(inetBlock(), tlv(0x02, ascii("echo.example")),
                tlv(0x04, new byte[0]), tlv(0x20, concat(new byte[] {1, 0, 0, 0, 0}, tlv(0x21, ascii("TLSv1.3")))),
                tlv(0xE0, new byte[] {9}))));
        assertEquals(4, header.tlvs().size());
        assertEquals("echo.example", header.tlvs().get(0).text());
        assertEquals("v2 TLV 0x02 says 13 bytes, 12 are left",
                refused(v2(0x21, 0x11, concat(inetBlock(), new byte[] {2, 0, 13}, ascii("echo.example")))));
        assertEquals("v2 header ends inside a TLV (2 byte(s) left)", refused(v2(0x21, 0x11, concat(inetBlock(), new byte[2]))));
        assertEquals("v2 SSL TLV is 4 bytes (at least 5)", refused(v2(0x21, 0x11, concat(inetBlock(), tlv(0x20, new byte[4])))));
        assertEquals("v2 TLV 0x21 says 9 bytes, 2 are left", refused(v2(0x21, 0x11, concat(inetBlock(),
                tlv(0x20, concat(new byte[] {1, 0, 0, 0, 0}, new byte[] {0x21, 0, 9}, ascii("TL")))))));
        assertEquals("v2 unique ID TLV is 129 bytes (at most 128)",
                refused(v2(0x21, 0x11, concat(inetBlock(), tlv(0x05, new byte[129])))));
        accepted(v2(0x21, 0x11, concat(inetBlock(), tlv(0x05, new byte[128]))));
    }

    @Test
    void v2Crc32cIsVerified() {
        accepted(Headers.withCrc(0x11, inetBlock(), false));
        assertTrue(refused(Headers.withCrc(0x11, inetBlock(), true)).startsWith("v2 header's CRC32C is 0x"));
    }

    @Test
    void v2BadVersionCommandOrFamilyIsRefusedAtThatByte() {
        assertEquals("v2 header has version 1 (only 2 exists)", refused(v2(0x11, 0x11, inetBlock())));
        assertEquals("v2 header has command 2 (LOCAL 0 or PROXY 1)", refused(v2(0x22, 0x11, inetBlock())));
        assertTrue(refused(v2(0x21, 0x13, inetBlock())).startsWith("v2 header has family and transport 0x13"));
        assertTrue(refused(v2(0x21, 0x41, inetBlock())).startsWith("v2 header has family and transport 0x41"));
        assertEquals("v2 header's length 11 is too short for its IPv4 addresses (12 bytes)",
                refused(v2(0x21, 0x11, new byte[11])));
        Headers.Outcome early = run(concat(v2(0x21, 0x11, inetBlock())).clone(), 1);
        assertNotNull(early.header());
    }

    @Test
    void anOversizedV2IsRefusedAfterItsSixteenthByteWithoutReadingItsBody() throws ProxyHeaderException {
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        byte[] fixed = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A, 0x21, 0x11, 0x10, 0x00};
        decoder.feed(ByteBuffer.wrap(fixed, 0, 15));
        assertEquals(1, decoder.wanted());
        ProxyHeaderException e = org.junit.jupiter.api.Assertions.assertThrows(ProxyHeaderException.class,
                () -> decoder.feed(ByteBuffer.wrap(fixed, 15, 1)));
        assertEquals("v2 header says 4112 bytes, more than the 4096 accepted", e.getMessage());
        assertEquals(ProxyHeaderDecoder.INITIAL_BYTES, decoder.bufferBytes());
    }

    @Test
    void aV2OfTheMaximumSizeIsAcceptedAndHeldInExactlyItsBytes() throws ProxyHeaderException {
        byte[] header = v2(0x21, 0x11, concat(inetBlock(), tlv(0x04, new byte[4096 - 16 - 12 - 3])));
        assertEquals(4096, header.length);
        accepted(header);
        ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
        decoder.feed(ByteBuffer.wrap(header, 0, 15));
        decoder.feed(ByteBuffer.wrap(header, 15, 1));
        assertEquals(4096 - 16, decoder.wanted());
        assertEquals(4096, decoder.bufferBytes());
    }

    @Test
    void theEncoderWritesWhatTheDecoderReadsBack() {
        InetSocketAddress client = new InetSocketAddress("203.0.113.7", 40000);
        InetSocketAddress local = new InetSocketAddress("10.1.2.3", 7);
        assertArrayEquals(ascii("PROXY TCP4 203.0.113.7 10.1.2.3 40000 7\r\n"), ProxyHeaderEncoder.v1(client, local));
        for (byte[] header : new byte[][] {ProxyHeaderEncoder.v1(client, local), ProxyHeaderEncoder.v2(client, local)}) {
            ProxyHeader decoded = accepted(header);
            assertEquals(client, decoded.source());
            assertEquals(local, decoded.destination());
        }
        InetSocketAddress six = new InetSocketAddress("2001:db8::5", 9);
        assertArrayEquals(ascii("PROXY TCP6 0:0:0:0:0:ffff:cb00:7107 2001:db8:0:0:0:0:0:5 40000 9\r\n"),
                ProxyHeaderEncoder.v1(client, six));
        ProxyHeader mixed = accepted(ProxyHeaderEncoder.v2(client, six));
        assertEquals(client, mixed.source());
        assertEquals(ProxyHeader.Family.INET6, mixed.family());
    }
}
