package tcpecho.common.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The control messages with fields: the lines they write (as the protocol reference in Verb says) and back. */
class ControlMessagesTest {

    private static Message line(String text) throws MalformedMessageException {
        return MessageCodec.decode(text);
    }

    @Test
    void stopWritesItsModeAndOnlyAGivenTimeout() throws Exception {
        assertEquals("STOP mode=fast timeout_ms=5000", new Stop(true, OptionalLong.of(5000)).encode().toString());
        assertEquals("STOP mode=graceful", new Stop(false, OptionalLong.empty()).encode().toString());
        assertEquals(new Stop(true, OptionalLong.of(5000)), Stop.decode(line("STOP mode=fast timeout_ms=5000")));
        assertEquals(new Stop(false, OptionalLong.empty()), Stop.decode(line("STOP")), "a bare STOP is graceful");
    }

    @Test
    void stopAcceptedCarriesThePidToWaitFor() throws Exception {
        assertEquals("OK pid=42 timeout_ms=10000", new Stop.Accepted(42, 10_000).encode().toString());
        assertEquals(new Stop.Accepted(42, 10_000), Stop.Accepted.decode(line("OK pid=42 timeout_ms=10000")));
        MalformedMessageException e = assertThrows(MalformedMessageException.class,
                () -> Stop.Accepted.decode(line("OK timeout_ms=10000")));
        assertEquals("OK field 'pid' is missing", e.getMessage());
    }

    @Test
    void scaleKeepsTheCountAsTyped() throws Exception {
        assertEquals("SCALE workers=%2B2", new Scale("+2").encode().toString());
        assertEquals(new Scale("+2"), Scale.decode(line("SCALE workers=%2B2")));
        assertEquals(new Scale(""), Scale.decode(line("SCALE")), "refused by the master as any bad count is");
    }

    @Test
    void servingSaysUnchangedOnlyWhenNothingWasReloaded() throws Exception {
        assertEquals("OK generation=3 workers=4", new Serving(3, 4, false).encode().toString());
        assertEquals("OK generation=3 workers=4 unchanged=true", new Serving(3, 4, true).encode().toString());
        assertEquals(new Serving(3, 4, true), Serving.decode(line("OK generation=3 workers=4 unchanged=true")));
        assertThrows(MalformedMessageException.class, () -> Serving.decode(line("OK generation=3")));
    }

    @Test
    void upgradedNamesBothMasters() throws Exception {
        assertEquals("OK pid=9 old_pid=8", new Upgraded(9, 8).encode().toString());
        assertEquals(new Upgraded(9, 8), Upgraded.decode(line("OK pid=9 old_pid=8")));
        assertThrows(MalformedMessageException.class, () -> Upgraded.decode(line("ERROR message=no")));
    }

    @Test
    void quitAndDrainingBetweenMasterAndWorker() throws Exception {
        assertEquals("QUIT timeout_ms=300", new Quit(300).encode().toString());
        assertEquals(new Quit(300), Quit.decode(line("QUIT timeout_ms=300"), 30_000));
        assertEquals(new Quit(30_000), Quit.decode(line("QUIT"), 30_000), "typed by hand: the worker's own timeout");
        assertEquals("DRAINING connections=2", new Draining(2).encode().toString());
        assertEquals(new Draining(2), Draining.decode(line("DRAINING connections=2")));
        assertThrows(MalformedMessageException.class, () -> Draining.decode(line("DRAINING connections=many")));
    }

    @Test
    void anErrorCarriesItsSentence() throws Exception {
        assertEquals("ERROR message=reload+failed", new ErrorReply("reload failed").encode().toString());
        assertEquals(new ErrorReply("reload failed"), ErrorReply.decode(line("ERROR message=reload+failed")));
        assertEquals(new ErrorReply("ERROR"), ErrorReply.decode(line("ERROR")), "without a sentence, the line itself");
    }
}
