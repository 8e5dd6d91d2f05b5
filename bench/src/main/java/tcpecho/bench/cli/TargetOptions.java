package tcpecho.bench.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tcpecho.bench.Target;

/** Where load goes and the knobs every mode shares. */
final class TargetOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Echo server host (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, defaultValue = "8090", converter = Converters.Port.class,
            description = "Echo server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--allow-remote", description = "Allow a host that is not a loopback address.")
    boolean allowRemote;

    @Option(names = "--timeout", defaultValue = "5s", converter = Converters.Duration.class, paramLabel = "<time>",
            description = "Connect and echo timeout (default: ${DEFAULT-VALUE}).")
    long timeoutNanos;

    @Option(names = "--threads", defaultValue = "1", converter = Converters.Positive.class,
            description = "Selector threads of the generator (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random payloads (default: ${DEFAULT-VALUE}).")
    long seed;

    /** The resolved target, or a usage error naming the option. */
    InetSocketAddress resolve() {
        try {
            return Target.resolve(host, port, allowRemote);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--host': " + e.getMessage());
        }
    }
}
