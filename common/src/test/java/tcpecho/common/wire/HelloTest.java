package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HelloTest {

    @Test
    void roundTripsThroughTheLineFormat() throws Exception {
        Hello hello = new Hello(2, 7, 4711);

        String line = MessageCodec.encode(hello.encode());

        assertEquals("HELLO slot=2 generation=7 pid=4711\n", line);
        assertEquals(hello, Hello.decode(MessageCodec.decode(line)));
    }

    @Test
    void rejectsAMissingOrNonNumericField() throws Exception {
        assertEquals("HELLO field 'pid' is missing", rejection("HELLO slot=1 generation=1"));
        assertEquals("HELLO field 'generation' is not a number: 'x'", rejection("HELLO slot=1 generation=x pid=5"));
    }

    @Test
    void rejectsASlotOutOfRangeAndAnotherVerb() throws Exception {
        assertEquals("HELLO field 'slot' out of range: -1", rejection("HELLO slot=-1 generation=1 pid=5"));
        assertEquals("expected HELLO, got READY", rejection("READY slot=1 generation=1 pid=5"));
    }

    /** Why {@link Hello#decode} rejects {@code line}. */
    private static String rejection(String line) throws MalformedMessageException {
        Message message = MessageCodec.decode(line);
        return assertThrows(MalformedMessageException.class, () -> Hello.decode(message)).getMessage();
    }
}
