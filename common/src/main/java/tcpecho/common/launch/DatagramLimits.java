package tcpecho.common.launch;

import java.util.List;
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
    public static final DatagramLimits DEFAULTS = new DatagramLimits(true, new Rate(100, 's'), new Rate(10_000, 's'));

    public DatagramLimits {
        Objects.requireNonNull(perSource, "perSource");
        Objects.requireNonNull(perWorker, "perWorker");
    }

    List<String> toArgs() {
        return List.of("--udp-loop-guard", Boolean.toString(loopGuard), "--udp-rate-per-source", perSource.toString(),
                "--udp-rate-per-worker", perWorker.toString());
    }

    /** This with one worker option applied, or null when {@code option} is not one of ours. */
    DatagramLimits with(String option, String value) {
        return switch (option) {
            case "--udp-loop-guard" -> new DatagramLimits(ConnectionLimits.bool(option, value), perSource, perWorker);
            case "--udp-rate-per-source" -> new DatagramLimits(loopGuard, rate(option, value), perWorker);
            case "--udp-rate-per-worker" -> new DatagramLimits(loopGuard, perSource, rate(option, value));
            default -> null;
        };
    }

    private static Rate rate(String option, String value) {
        Rate rate = Rate.parse(value);
        if (rate == null) {
            throw new IllegalArgumentException("option " + option + " must be " + Rate.ACCEPTED + ", got " + value);
        }
        return rate;
    }
}
