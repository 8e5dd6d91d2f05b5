package tcpecho.master.supervisor;

import java.util.List;
import tcpecho.config.Keys;
import tcpecho.config.Settings;

/**
 * The worker JVM options a generation with TLS listeners needs beyond the lean defaults of
 * jvm.options; a generation without TLS gets none, and keeps its 32 MiB heap and C1-only compiler.
 *
 * <ul>
 * <li>Heap: an idle TLS 1.3 connection holds about 6.4 KiB of SSLEngine state (more during its
 *     handshake), so the 32 MiB heap would be full at a few thousand. The heap grows by
 *     {@link #HEAP_BYTES_PER_CONNECTION} for each connection max-connections allows (10,000 when it
 *     is 0, unlimited), on top of the 32 MiB the plain worker has.</li>
 * <li>Compiler: AES-GCM and GHASH use the CPU's instructions only in C2-compiled code; with C1 alone
 *     50 MB of TLS echo took 24 s on the 2-core machine, with C2 1.1 s.</li>
 * </ul>
 */
final class TlsWorkerJvm {
    static final long BASE_HEAP_MIB = 32;
    static final long HEAP_BYTES_PER_CONNECTION = 10 * 1024;
    static final int CONNECTIONS_WHEN_UNLIMITED = 10_000;

    private TlsWorkerJvm() {
    }

    /** The extra options for a generation with {@code settings}: none without a TLS listener. */
    static List<String> options(Settings settings) {
        if (settings.listeners().stream().noneMatch(l -> l.options().tcp().tls() != null)) {
            return List.of();
        }
        int maxConnections = (Integer) settings.setting(Keys.MAX_CONNECTIONS).value();
        return List.of("-Xmx" + heapMebibytes(maxConnections) + "m", "-XX:TieredStopAtLevel=4");
    }

    static long heapMebibytes(int maxConnections) {
        long connections = maxConnections == 0 ? CONNECTIONS_WHEN_UNLIMITED : maxConnections;
        return BASE_HEAP_MIB + (connections * HEAP_BYTES_PER_CONNECTION + (1 << 20) - 1) / (1 << 20);
    }
}
