package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAssemblerTest {
    private final LineAssembler lines = new LineAssembler();

    @Test
    void returnsEveryCompleteLineOfAChunk() throws Exception {
        assertEquals(List.of("READY", "HEARTBEAT connections=1"), feed("READY\nHEARTBEAT connections=1\n"));
    }

    @Test
    void keepsAPartialLineUntilItsNewlineArrives() throws Exception {
        assertEquals(List.of(), feed("HEART"));
        assertEquals(List.of(), feed("BEAT connec"));
        assertEquals(List.of("HEARTBEAT connections=2", "READY"), feed("tions=2\nREADY\nQU"));
        assertEquals(List.of("QUIT"), feed("IT\n"));
    }

    @Test
    void joinsAMultiByteCharacterSplitAcrossChunks() throws Exception {
        byte[] bytes = "ERROR message=\u65e5\n".getBytes(StandardCharsets.UTF_8);
        int middleOfTheCharacter = bytes.length - 2;

        assertEquals(List.of(), lines.feed(ByteBuffer.wrap(bytes, 0, middleOfTheCharacter)));
        assertEquals(List.of("ERROR message=\u65e5"),
                lines.feed(ByteBuffer.wrap(bytes, middleOfTheCharacter, bytes.length - middleOfTheCharacter)));
    }

    @Test
    void returnsEmptyLinesAsSuch() throws Exception {
        assertEquals(List.of("", "OK"), feed("\nOK\n"));
    }

    @Test
    void acceptsALineOfExactlyTheMaximumLength() throws Exception {
        String longest = "x".repeat(MessageCodec.MAX_LINE_BYTES);

        assertEquals(List.of(longest), feed(longest + "\n"));
    }

    @Test
    void rejectsMoreThan64KibWithoutANewlineEvenAcrossChunks() throws Exception {
        byte[] chunk = new byte[4096];
        Arrays.fill(chunk, (byte) 'x');
        for (int i = 0; i < MessageCodec.MAX_LINE_BYTES / chunk.length; i++) {
            lines.feed(ByteBuffer.wrap(chunk));
        }

        MalformedMessageException tooLong = assertThrows(MalformedMessageException.class,
                () -> lines.feed(ByteBuffer.wrap(new byte[] {'x'})));
        assertEquals("line longer than 65536 bytes", tooLong.getMessage());
    }

    @Test
    void consumesTheWholeBuffer() throws Exception {
        ByteBuffer input = ByteBuffer.wrap("OK\npartial".getBytes(StandardCharsets.UTF_8));

        lines.feed(input);

        assertEquals(0, input.remaining());
    }

    private List<String> feed(String text) throws MalformedMessageException {
        return new ArrayList<>(lines.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8))));
    }
}
