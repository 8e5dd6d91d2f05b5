package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class UnknownKeysTest {

    @Test
    void suggestsWithinTwoEdits() {
        assertEquals("port", UnknownKeys.nearest("prot"));
        assertEquals("port", UnknownKeys.nearest("PORT"));
        assertEquals("workers", UnknownKeys.nearest("worker"));
        assertEquals("log-level", UnknownKeys.nearest("loglevel"));
        assertEquals("drain-timeout", UnknownKeys.nearest("drain_timout"));
    }

    @Test
    void staysQuietBeyondTwoEdits() {
        assertNull(UnknownKeys.nearest("colour"));
        assertNull(UnknownKeys.nearest("threads"));
    }
}
