package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MessageCodecTest {

    @Test
    void encodesVerbThenFieldsOnOneLine() {
        Message heartbeat = Message.of(Verb.HEARTBEAT).with("connections", 3).with("bytes_in", 1024);

        assertEquals("HEARTBEAT connections=3 bytes_in=1024\n", MessageCodec.encode(heartbeat));
    }

    @Test
    void roundTripsValuesWithSpacesEqualsNewlinesPercentPlusAndUnicode() throws Exception {
        List<String> values = List.of("two words", "a=b", "line1\nline2\r\n", "100% + 1", "ünïcødé ✓ 日本 🚀",
                "", " leading and trailing ", "key=value other=x", "\t");
        for (String value : values) {
            Message message = Message.of(Verb.ERROR).with("message", value);
            String line = MessageCodec.encode(message);

            assertEquals(1, line.chars().filter(c -> c == '\n').count(), "one newline, at the end: " + line);
            assertTrue(line.endsWith("\n"));
            assertEquals(message, MessageCodec.decode(line), "round trip of '" + value + "'");
        }
    }

    @Test
    void keepsFieldOrderAndDecodesWithoutTrailingNewline() throws Exception {
        Message decoded = MessageCodec.decode("HELLO slot=2 generation=7 pid=4711");

        assertEquals(Verb.HELLO, decoded.verb());
        assertEquals(List.of("slot", "generation", "pid"), List.copyOf(decoded.fields().keySet()));
        assertEquals(4711, decoded.getLong("pid", -1));
    }

    @Test
    void aVerbAloneIsAMessage() throws Exception {
        assertEquals(Message.of(Verb.STATUS), MessageCodec.decode("STATUS\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "status", "Status", "1OK", "_OK", "OK!", "ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEFG", " OK"})
    void rejectsBadVerbs(String verb) {
        MalformedMessageException bad = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(verb + "\n"));
        assertTrue(bad.getMessage().startsWith("invalid verb"), bad.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OK novalue", "OK Key=1", "OK =1", "OK 1key=1", "OK a=1  b=2", "OK a=1 ", "OK k\u00e9y=1"})
    void rejectsBadFields(String line) {
        MalformedMessageException bad = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(line));
        assertTrue(bad.getMessage().startsWith("invalid field"), bad.getMessage());
    }

    @Test
    void rejectsABadPercentEscapeNamingTheField() {
        MalformedMessageException bad = assertThrows(MalformedMessageException.class,
                () -> MessageCodec.decode("ERROR message=%zz"));
        assertEquals("invalid escape in field 'message'", bad.getMessage());
    }

    @Test
    void rejectsTooLongLines() {
        String tooLong = "OK v=" + "x".repeat(MessageCodec.MAX_LINE_BYTES);

        MalformedMessageException bad = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(tooLong));
        assertEquals("message longer than 65536 bytes", bad.getMessage());
    }

    @Test
    void abbreviatesHostileInputInErrors() {
        String verb = "x".repeat(1000);

        MalformedMessageException bad = assertThrows(MalformedMessageException.class, () -> MessageCodec.decode(verb));
        assertFalse(bad.getMessage().contains(verb));
        assertTrue(bad.getMessage().length() < 100, bad.getMessage());
    }

    @Test
    void refusesToEncodeAnInvalidFieldName() {
        Message bad = Message.of(Verb.OK).with("Bad Key", 1);

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> MessageCodec.encode(bad));
        assertEquals("invalid field name 'Bad Key'", thrown.getMessage());
    }

    @Test
    void getLongToleratesMissingAndNonNumericValues() throws Exception {
        Message message = MessageCodec.decode("HEARTBEAT connections=abc");

        assertEquals(-1, message.getLong("connections", -1));
        assertEquals(-1, message.getLong("accepted", -1));
    }
}
