package tcpecho.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonPrimitive;
import org.junit.jupiter.api.Test;

class PluralTest {
    @Test
    void oneIsSingularEverythingElsePlural() {
        assertEquals("1 worker", Plural.count(1, "worker"));
        assertEquals("0 workers", Plural.count(0, "worker"));
        assertEquals("2 reloads", Plural.count(2L, "reload"));
        assertEquals("11 workers", Plural.count(11, "worker"));
    }

    @Test
    void countsReadFromMessagesAndJsonToo() {
        assertEquals("1 connection", Plural.count("1", "connection"));
        assertEquals("? connections", Plural.count("?", "connection"));
        assertEquals("1 worker", Plural.count(new JsonPrimitive(1), "worker"));
    }
}
