package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code proxy} protocol with TLS, against the real tools: openssl s_client and socat speak TLS
 * to a proxy listener that forwards plain to an echo listener of the same master.
 */
class ProxyTlsIT {
    private static final byte[] HELLO = "hello through a tls proxy\n".getBytes(StandardCharsets.US_ASCII);

    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void aTlsProxyListenerTerminatesTlsAndForwardsPlainByteExact() throws Exception {
        MasterProcess master = masters.create();
        int echo = MasterProcess.freePort();
        int proxy = MasterProcess.freePort();
        Path config = master.dir.resolve("proxy-tls.toml");
        Files.writeString(config, "[[listener]]\nname = \"plain-echo\"\nbind = \"127.0.0.1\"\nport = " + echo + "\n"
                + "[[listener]]\nname = \"tls-proxy\"\nprotocol = \"proxy\"\nbind = \"127.0.0.1\"\nport = " + proxy
                + "\nupstream = \"127.0.0.1:" + echo + "\"\ntls-cert = \"" + TlsClients.cert("server.pem")
                + "\"\ntls-key = \"" + TlsClients.cert("server.key") + "\"\n");
        master.start("-c", config.toString());

        for (String version : List.of("1_3", "1_2")) {
            TlsClients.Result result = TlsClients.sClient(proxy, HELLO, "-tls" + version);
            assertEquals(0, result.code(), result.toString());
            assertArrayEquals(HELLO, result.stdout(), result.toString());
            assertTrue(result.stderr().contains("Protocol version: TLSv" + version.replace('_', '.')), result.stderr());
        }

        // More than max-unsent many times over, so that both directions hit their back-pressure.
        Path input = master.dir.resolve("random.bin");
        Files.write(input, EchoClient.random(8_000_000, 29));
        TlsClients.Result bulk = TlsClients.socat(proxy, input);
        assertEquals(0, bulk.code(), bulk.toString());
        assertArrayEquals(Files.readAllBytes(input), bulk.stdout(), "what came back through the proxy differs");
        Poll.until(java.time.Duration.ofSeconds(10), "the proxy's closes logged with the byte counts",
                () -> master.log().contains("on tls-proxy conn ") && master.log().contains("in=8000000 out=8000000"));
    }
}
