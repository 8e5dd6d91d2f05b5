package tcpecho.common.launch;

import java.util.Map;

/**
 * What one client address may take of one TCP listener: {@code maxConnections} open connections
 * and {@code connectRate} new ones; 0 and {@link Rate#OFF} mean no limit. They travel in the
 * listener's options ({@link InheritedListener#options()}) with the number of workers of the
 * generation, because each worker enforces its share on its own (no per-connection round trip to
 * the master): the kernel's SO_REUSEPORT hash on the 4-tuple spreads one address's connections over
 * the workers, so a worker admits {@code ceil(max / workers)} of them and {@code rate / workers} a second.
 */
public record ClientLimits(int maxConnections, Rate connectRate, int workers) {
    public static final String MAX_CONNECTIONS = "max-connections-per-ip";
    public static final String CONNECT_RATE = "connect-rate-per-ip";
    public static final String WORKERS = "workers";
    public static final ClientLimits OFF = new ClientLimits(0, Rate.OFF, 1);

    public ClientLimits {
        if (maxConnections < 0) {
            throw new IllegalArgumentException(MAX_CONNECTIONS + " must not be negative, got " + maxConnections);
        }
        if (workers < 1) {
            throw new IllegalArgumentException(WORKERS + " must be at least 1, got " + workers);
        }
    }

    /** Whether {@code key} is one of these options rather than the protocol's own. */
    public static boolean isOption(String key) {
        return key.equals(MAX_CONNECTIONS) || key.equals(CONNECT_RATE) || key.equals(WORKERS);
    }

    /** Read from a listener's options; absent ones are off. Throws naming the option when malformed. */
    public static ClientLimits of(Map<String, String> options) {
        int max = 0;
        int workers = 1;
        try {
            max = Integer.parseInt(options.getOrDefault(MAX_CONNECTIONS, "0"));
            workers = Integer.parseInt(options.getOrDefault(WORKERS, "1"));
        } catch (NumberFormatException bad) {
            throw new IllegalArgumentException("option " + MAX_CONNECTIONS + " and " + WORKERS
                    + " must be whole numbers, got " + options);
        }
        Rate rate = Rate.parse(options.getOrDefault(CONNECT_RATE, "off"));
        if (rate == null) {
            throw new IllegalArgumentException("option " + CONNECT_RATE + " must be " + Rate.ACCEPTED + ", got "
                    + options.get(CONNECT_RATE));
        }
        return new ClientLimits(max, rate, workers);
    }

    public boolean isOff() {
        return maxConnections == 0 && connectRate.isOff();
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
