package tcpecho.common.launch;

import java.util.Objects;

/**
 * What protects UDP listeners from loops and from being used to flood a spoofed victim; one
 * setting each, applied by every worker to every UDP listener.
 *
 * @param loopGuard drop datagrams from source ports of services known to loop or amplify; the check
 *                  against the server's own sockets does not depend on it
 * @param perSource replies one source address may get from one worker
 * @param perWorker replies one worker sends over all sources and UDP listeners
 */
public record DatagramLimits(boolean loopGuard, Rate perSource, Rate perWorker) {
    public DatagramLimits {
        Objects.requireNonNull(perSource, "perSource");
        Objects.requireNonNull(perWorker, "perWorker");
    }
}
