package tcpecho.bench.cli;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpecho.bench.Target;
import tcpecho.bench.ThroughputLoad;

@Command(name = "throughput", mixinStandardHelpOptions = true,
        description = "Saturate the server: each connection keeps a window of messages in flight; every echoed byte is checked.")
final class ThroughputCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    TargetOptions target;
    @Mixin
    OutputOptions output;

    @Option(names = {"-c", "--connections"}, defaultValue = "50", converter = Converters.Positive.class,
            description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--size"}, defaultValue = "1024", converter = Converters.Positive.class,
            description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-w", "--window"}, defaultValue = "64", converter = Converters.Positive.class,
            description = "Messages in flight per connection (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = Converters.Duration.class, paramLabel = "<time>",
            description = "How long to run (default: ${DEFAULT-VALUE}).")
    long durationNanos;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = target.resolve();
        if (FdLimit.refuse(connections, spec.commandLine().getErr())) {
            return 1;
        }
        long cpuBefore = ProcessCpu.nanos();
        ThroughputLoad load = ThroughputLoad.start(new ThroughputLoad.Settings(address, connections, size, window,
                target.threads, target.seed, target.timeoutNanos));
        Progress.Meter meter = new Progress.Meter();
        Progress progress = output.startProgress(() -> String.format(Locale.ROOT, "%,.1f MB/s echoed, failures %d",
                meter.perSecond(load.echoedBytes()) / 1e6, load.failures().total()), spec.commandLine().getErr());
        TimeUnit.NANOSECONDS.sleep(durationNanos);
        ThroughputLoad.Result r = load.stop();
        long clientCpu = ProcessCpu.nanos() - cpuBefore;
        progress.stop();
        Report report = report(address, r).count("client_cpu_us", clientCpu / 1000);
        return output.finish(report, spec.commandLine().getOut());
    }

    private Report report(InetSocketAddress address, ThroughputLoad.Result r) {
        double s = r.seconds();
        Report report = new Report("throughput", Target.describe(address), s)
                .setting("connections", connections).setting("message_size", size).setting("window", window)
                .count("echoed_bytes", r.echoedBytes()).count("messages", r.messages())
                .rate("bytes_per_s", r.echoedBytes() / s).rate("MB_per_s", r.echoedBytes() / s / 1e6)
                .rate("Gbit_per_s", r.echoedBytes() * 8 / s / 1e9).rate("messages_per_s", r.messages() / s)
                .failures(r.failures());
        if (r.echoedBytes() == 0) {
            report.problem("nothing was echoed");
        }
        return report;
    }
}
