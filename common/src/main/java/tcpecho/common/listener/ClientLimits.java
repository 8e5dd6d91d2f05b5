package tcpecho.common.listener;

import java.util.Objects;
import tcpecho.common.launch.Rate;

/**
 * What one client address may take of one TCP listener: {@code maxConnections} open connections
 * and {@code connectRate} new ones; 0 and {@link Rate#OFF} mean no limit. They travel in the
 * listener's options ({@link TcpOptions}) with the number of workers of the generation, because
 * each worker enforces its share on its own (no per-connection round trip to the master): the
 * kernel's SO_REUSEPORT hash on the 4-tuple spreads one address's connections over the workers, so
 * a worker admits {@code ceil(max / workers)} of them and {@code rate / workers} a second.
 */
public record ClientLimits(int maxConnections, Rate connectRate, int workers) {
    public static final ClientLimits OFF = new ClientLimits(0, Rate.OFF, 1);

    public ClientLimits {
        Objects.requireNonNull(connectRate, "connectRate");
        if (maxConnections < 0) {
            throw new IllegalArgumentException(ListenerOptionKeys.MAX_CONNECTIONS_PER_IP + " must not be negative, got "
                    + maxConnections);
        }
        if (workers < 1) {
            throw new IllegalArgumentException(ListenerOptionKeys.WORKERS + " must be at least 1, got " + workers);
        }
    }

    public boolean isOff() {
        return maxConnections == 0 && connectRate.isOff();
    }

    /** These limits shared by {@code count} workers. */
    public ClientLimits sharedBy(int count) {
        return new ClientLimits(maxConnections, connectRate, count);
    }

    /** Open connections one address may hold in one worker: the limit over the workers, rounded up; 0 for none. */
    public int connectionsPerWorker() {
        return maxConnections == 0 ? 0 : (maxConnections + workers - 1) / workers;
    }

    /** New connections a second one address may open in one worker. */
    public double ratePerWorker() {
        return connectRate.perSecond() / workers;
    }

    /** What one worker's bucket holds when full: its share of the rate's burst, at least one connection. */
    public double burstPerWorker() {
        return Math.max(1, connectRate.burst() / workers);
    }
}
