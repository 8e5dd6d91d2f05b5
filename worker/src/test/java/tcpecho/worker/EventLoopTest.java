package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EventLoopTest {

    @Test
    void selectTimeoutNeverBlocksForeverOnADueTimer() {
        assertEquals(1, EventLoop.timeoutMillis(0));
        assertEquals(1, EventLoop.timeoutMillis(1));
        assertEquals(2, EventLoop.timeoutMillis(1_000_001));
        assertEquals(0, EventLoop.timeoutMillis(Long.MAX_VALUE), "nothing due: block until a key is ready");
    }
}
