package tcpecho.master.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultAttribute;
import tcpecho.common.fault.FaultStream;
import tcpecho.common.fault.FaultType;
import tcpecho.common.wire.FaultRequest;
import tcpecho.common.wire.Message;

@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Add a fault to a listener of the running server; new connections get it at once."
                + " Units as Toxiproxy's (ms; slicer's delay in us; rate in KB/s), or say them: 200ms, 1.5s, 16KiB.")
final class FaultAddCommand extends ControlCommand {
    @Parameters(index = "0", paramLabel = "LISTENER", description = "The listener's name, as status shows it.")
    String listener;

    @Parameters(index = "1", paramLabel = "TYPE", description = "latency, bandwidth, slicer, slow-close, timeout,"
            + " reset-peer, limit-data or loss (Toxiproxy's slow_close, reset_peer, limit_data too).")
    String type;

    @Option(names = "--name", description = "Its name (default: TYPE_STREAM, as Toxiproxy's, like latency_downstream).")
    String name;

    @Option(names = "--stream", defaultValue = "downstream",
            description = "downstream (toward the client, the default) or upstream (toward the server; on echo, before"
                    + " the echo).")
    String stream;

    @Option(names = "--upstream", description = "Same as --stream upstream.")
    boolean upstream;

    @Option(names = "--toxicity", description = "The fraction of connections it applies to (default 1, all of them; 0.5 is half).")
    String toxicity;

    @Option(names = "--latency", description = "latency: the delay.")
    String latency;
    @Option(names = "--jitter", description = "latency: random +/- on the delay.")
    String jitter;
    @Option(names = "--rate", description = "bandwidth: KB/s (1 KB = 1000 bytes) per connection.")
    String rate;
    @Option(names = "--average-size", description = "slicer: mean chunk size in bytes.")
    String averageSize;
    @Option(names = "--size-variation", description = "slicer: chunk sizes vary by up to this much.")
    String sizeVariation;
    @Option(names = "--delay", description = "slicer: pause between chunks (us); slow-close: how long (ms).")
    String delay;
    @Option(names = "--timeout", description = "timeout: close after this long (0: never); reset-peer: RST after it.")
    String timeout;
    @Option(names = "--bytes", description = "limit-data: close after exactly this many; reset-peer: RST after them.")
    String bytes;
    @Option(names = "--probability", description = "loss (echo-udp): the fraction of datagrams dropped.")
    String probability;

    @Override
    Message request() {
        FaultType parsed = FaultType.parse(type);
        if (parsed == null) {
            throw usage("unknown fault type '" + type + "' (accepted: " + FaultType.accepted() + ")");
        }
        FaultStream direction = upstream ? FaultStream.UPSTREAM : FaultStream.parse(stream);
        if (direction == null) {
            throw usage("--stream must be " + FaultStream.ACCEPTED + " (got '" + stream + "')");
        }
        try {
            double share = toxicity == null ? 1 : Fault.parseToxicity(toxicity);
            Fault fault = Fault.of(parsed, direction, name, share, attributes(parsed));
            return new FaultRequest(FaultRequest.Action.ADD, listener, null, fault).encode();
        } catch (IllegalArgumentException invalid) {
            throw usage(invalid.getMessage().replace("_", "-"));
        }
    }

    /** The options given, by attribute name; one the type does not take is a usage error naming what it takes. */
    private Map<String, String> attributes(FaultType parsed) {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "latency", latency);
        put(given, "jitter", jitter);
        put(given, "rate", rate);
        put(given, "average_size", averageSize);
        put(given, "size_variation", sizeVariation);
        put(given, "delay", delay);
        put(given, "timeout", timeout);
        put(given, "bytes", bytes);
        put(given, "probability", probability);
        for (String key : given.keySet()) {
            if (parsed.attribute(key) == null) {
                StringBuilder takes = new StringBuilder();
                for (FaultAttribute attribute : parsed.attributes()) {
                    takes.append(takes.length() == 0 ? "" : ", ").append("--").append(attribute.name().replace('_', '-'));
                }
                throw usage(parsed.label() + " does not take --" + key.replace('_', '-') + " (it takes " + takes + ")");
            }
        }
        return given;
    }

    private static void put(Map<String, String> given, String key, String value) {
        if (value != null) {
            given.put(key, value);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    @Override
    int onOk(Message reply) {
        System.out.println("added " + reply.get("name") + " to " + listener);
        return ExitCode.OK;
    }
}
