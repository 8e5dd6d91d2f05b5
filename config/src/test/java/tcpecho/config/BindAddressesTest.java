package tcpecho.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BindAddressesTest {

    @ParameterizedTest
    @CsvSource({"127.0.0.1, 127.0.0.1", "0.0.0.0, 0.0.0.0", "::1, 0:0:0:0:0:0:0:1", "[::1], 0:0:0:0:0:0:0:1",
            "2001:db8::7, 2001:db8:0:0:0:0:0:7"})
    void acceptsLiterals(String text, String address) {
        InetAddress parsed = BindAddresses.literal(text);

        assertEquals(address, parsed.getHostAddress());
    }

    /** None of these may reach DNS: each would be a lookup if handed to InetAddress as is. */
    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "256.0.0.1", "1.2.3", "127.1", "fe:zz::1", "beef:cafe:g",
            "[::1", "", "*"})
    void rejectsEverythingElse(String text) {
        assertNull(BindAddresses.literal(text));
    }
}
