package tcpecho.bench.cli;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpecho.bench.LatencyLoad;
import tcpecho.bench.Target;

@Command(name = "latency", mixinStandardHelpOptions = true,
        description = "Open-loop paced messages; round trips measured from the scheduled send time (no coordinated omission).")
final class LatencyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    TargetOptions target;
    @Mixin
    OutputOptions output;

    @Option(names = {"-c", "--connections"}, defaultValue = "10", converter = Converters.Positive.class,
            description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-r", "--rate"}, defaultValue = "1000", converter = Converters.Positive.class,
            description = "Messages per second per connection (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = {"-s", "--size"}, defaultValue = "64", converter = Converters.Positive.class,
            description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = Converters.Duration.class, paramLabel = "<time>",
            description = "How long to send (default: ${DEFAULT-VALUE}).")
    long durationNanos;

    @Option(names = "--warmup", defaultValue = "1s", converter = Converters.Duration.class, paramLabel = "<time>",
            description = "Paced sends before measuring starts, not recorded (default: ${DEFAULT-VALUE}).")
    long warmupNanos;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = target.resolve();
        if (FdLimit.refuse(connections, spec.commandLine().getErr())) {
            return 1;
        }
        LatencyLoad.Settings settings = new LatencyLoad.Settings(address, connections, rate, size, durationNanos, warmupNanos,
                target.threads, target.seed, target.timeoutNanos);
        LatencyLoad load = LatencyLoad.create(settings);
        Progress.Meter meter = new Progress.Meter();
        Progress progress = output.startProgress(() -> String.format(Locale.ROOT, "%,.0f echoes/s, failures %d",
                meter.perSecond(load.receivedMessages()), load.failures().total()), spec.commandLine().getErr());
        LatencyLoad.Result r = load.run();
        progress.stop();
        Report report = report(address, r);
        return output.finish(report, spec.commandLine().getOut());
    }

    private Report report(InetSocketAddress address, LatencyLoad.Result r) {
        double s = r.elapsedNanos() / 1e9;
        Report report = new Report("latency", Target.describe(address), s)
                .setting("connections", connections).setting("rate_per_connection", rate).setting("message_size", size)
                .setting("warmup_s", warmupNanos / 1e9)
                .count("sent", r.sent()).count("echoed", r.received())
                .rate("messages_per_s", r.received() / s)
                .latencyMicros("round trip from scheduled send", r.latency().summaryMicros())
                .failures(r.failures());
        if (r.received() == 0) {
            report.problem("nothing was echoed");
        }
        return report;
    }
}
