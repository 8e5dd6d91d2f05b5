package tcpecho.worker;

import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.Rate;

/**
 * What the master sends a worker with a default config, for tests that start a worker or its parts
 * without a master; the worker itself has no defaults.
 */
final class TestDefaults {
    static final int MAX_UNSENT = 64 * 1024;
    static final ConnectionLimits CONNECTION_LIMITS = new ConnectionLimits(0, 10_000, true, false, false, 5_000);
    static final Rate UDP_RATE_PER_WORKER = new Rate(10_000, 's');
    static final boolean UDP_LOOP_GUARD = true;
    static final Rate UDP_RATE_PER_SOURCE = new Rate(100, 's');

    private TestDefaults() {
    }
}
