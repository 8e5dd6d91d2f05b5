package tcpecho.common.listener;

import java.util.Objects;
import tcpecho.common.launch.Rate;

/**
 * An {@code echo-udp} listener's options: the listener's own {@code udp-loop-guard} and
 * {@code udp-rate-per-source}, or the top-level values the config filled in.
 * ({@code udp-rate-per-worker} caps a worker over all its listeners, so it is a worker argument.)
 */
public record EchoUdpOptions(boolean loopGuard, Rate perSource) implements ProtocolOptions {

    public EchoUdpOptions {
        Objects.requireNonNull(perSource, "perSource");
    }
}
