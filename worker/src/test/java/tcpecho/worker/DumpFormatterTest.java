package tcpecho.worker;

import tcpecho.common.listener.DumpFormat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DumpFormatterTest {

    @Test
    void binaryChunkIsHexRowsWithOffsetHexAndAscii() {
        byte[] data = new byte[20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i < 16 ? 'A' + i : i);
        }
        data[3] = 0;
        assertEquals(String.join("\n",
                        "conn 1.7 c->s 20 bytes",
                        "  0000  41 42 43 00 45 46 47 48  49 4a 4b 4c 4d 4e 4f 50  |ABC.EFGHIJKLMNOP|",
                        "  0010  10 11 12 13                                       |....|"),
                DumpFormatter.format("1.7", "c->s", ByteBuffer.wrap(data), DumpFormat.AUTO));
    }

    @Test
    void printableChunkIsTextLinesInAuto() {
        ByteBuffer chunk = ByteBuffer.wrap("GET / HTTP/1.0\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("conn 2.1 s->c 27 bytes\n  GET / HTTP/1.0\n  Host: x\n  ",
                DumpFormatter.format("2.1", "s->c", chunk, DumpFormat.AUTO));
        assertEquals(0, chunk.position(), "formatting must not consume the chunk");
    }

    @Test
    void hexStyleForcesHexForText() {
        ByteBuffer chunk = ByteBuffer.wrap("hi\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("conn 1.1 c->s 3 bytes\n  0000  68 69 0a" + " ".repeat(40) + "  |hi.|",
                DumpFormatter.format("1.1", "c->s", chunk, DumpFormat.HEX));
    }

    @Test
    void textStyleForcesTextWithDotsForControlCharacters() {
        ByteBuffer chunk = ByteBuffer.wrap(new byte[] {'o', 'k', 0, 0x1b, '\r', '\n'});
        assertEquals("conn 1.3 s->c 6 bytes\n  ok..", DumpFormatter.format("1.3", "s->c", chunk, DumpFormat.TEXT));
    }

    @Test
    void controlCharactersOrBadUtf8AreNotText() {
        assertNull(DumpFormatter.text(ByteBuffer.wrap(new byte[] {'a', 0x1b, 'b'})));
        assertNull(DumpFormatter.text(ByteBuffer.wrap(new byte[] {(byte) 0xc3})));
        assertEquals("zürich\ttab", DumpFormatter.text(ByteBuffer.wrap("zürich\ttab".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void onlyTheRemainingPartOfTheBufferIsFormatted() {
        ByteBuffer chunk = ByteBuffer.wrap("xxhello".getBytes(StandardCharsets.UTF_8));
        chunk.position(2);
        assertEquals("conn 1.2 c->s 5 bytes\n  hello", DumpFormatter.format("1.2", "c->s", chunk, DumpFormat.TEXT));
    }
}
