package tcpecho.config;

import java.util.Map;
import tcpecho.common.launch.Rate;

/**
 * What an {@code echo-udp} listener sets of the UDP keys itself, replacing the top-level value for
 * that listener: {@code udp-loop-guard} and {@code udp-rate-per-source}. Null means not set here.
 * {@code udp-rate-per-worker} stays top-level only: it caps a worker, over all its listeners.
 */
public record UdpListenerKeys(Boolean loopGuard, Rate perSource) {
    public static final UdpListenerKeys NONE = new UdpListenerKeys(null, null);

    /** The listener options a worker reads: only the keys set here. */
    void addTo(Map<String, String> options) {
        if (loopGuard != null) {
            options.put(Keys.UDP_LOOP_GUARD, loopGuard.toString());
        }
        if (perSource != null) {
            options.put(Keys.UDP_RATE_PER_SOURCE, perSource.toString());
        }
    }
}
