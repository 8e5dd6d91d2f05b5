package tcpecho.config;

import java.util.Map;
import tcpecho.common.launch.ClientLimits;
import tcpecho.common.launch.Rate;

/**
 * A TCP listener's per-client limits, {@code max-connections-per-ip} and
 * {@code connect-rate-per-ip}. Declared on a listener, a null component means "not set here": the
 * top-level key of the same name fills it in ({@link #orDefaults}).
 */
public record PerClient(Integer maxConnections, Rate connectRate) {
    static final PerClient UNSET = new PerClient(null, null);

    PerClient orDefaults(int defaultMax, Rate defaultRate) {
        return new PerClient(maxConnections == null ? defaultMax : maxConnections,
                connectRate == null ? defaultRate : connectRate);
    }

    boolean isSet() {
        return maxConnections != null || connectRate != null;
    }

    /** Adds the limits that are on to a worker's listener options; off ones are left out. */
    void addOptions(Map<String, String> options) {
        if (maxConnections != null && maxConnections > 0) {
            options.put(ClientLimits.MAX_CONNECTIONS, Integer.toString(maxConnections));
        }
        if (connectRate != null && !connectRate.isOff()) {
            options.put(ClientLimits.CONNECT_RATE, connectRate.toString());
        }
    }
}
