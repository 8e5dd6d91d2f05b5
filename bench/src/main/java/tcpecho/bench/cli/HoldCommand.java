package tcpecho.bench.cli;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpecho.bench.HoldLoad;
import tcpecho.bench.Target;

@Command(name = "hold", mixinStandardHelpOptions = true,
        description = "Open many connections, hold them idle, then check each still echoes.")
final class HoldCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    TargetOptions target;
    @Mixin
    OutputOptions output;

    @Option(names = {"-c", "--connections"}, defaultValue = "1000", converter = Converters.Positive.class,
            description = "Connections to open and hold (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--size"}, defaultValue = "16", converter = Converters.Positive.class,
            description = "Size of the check message in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    // --duration is an alias so every mode is bounded by the same option name.
    @Option(names = {"--hold", "-d", "--duration"}, defaultValue = "10s", converter = Converters.Duration.class, paramLabel = "<time>",
            description = "How long to hold the connections open (default: ${DEFAULT-VALUE}).")
    long holdNanos;

    @Option(names = "--until-file", paramLabel = "<file>",
            description = "End the hold as soon as this file exists (a script's signal that what the connections"
                    + " were held across is over); --hold stays the upper bound.")
    Path releaseFile;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = target.resolve();
        if (FdLimit.refuse(connections, spec.commandLine().getErr())) {
            return 1;
        }
        HoldLoad load = HoldLoad.create(new HoldLoad.Settings(address, connections, size, holdNanos,
                target.timeoutNanos, target.threads, target.seed, releaseFile));
        Progress progress = output.startProgress(() -> String.format(Locale.ROOT, "%s: opened %d/%d, echoed %d, failures %d",
                load.phase().name().toLowerCase(Locale.ROOT), load.opened(), connections, load.echoed(),
                load.failures().total()), spec.commandLine().getErr());
        HoldLoad.Result r = load.run();
        progress.stop();
        Report report = new Report("hold", Target.describe(address), r.elapsedNanos() / 1e9)
                .setting("connections", connections).setting("hold_s", holdNanos / 1e9).setting("message_size", size)
                .count("attempted", r.attempted()).count("opened", r.opened()).count("echoed_after_hold", r.echoed())
                .latencyMicros("check round trip after holding", r.checkLatency().summaryMicros())
                .failures(r.failures());
        if (r.echoed() < r.attempted() && r.failures().total() == 0) {
            report.problem((r.attempted() - r.echoed()) + " connections did not echo");
        }
        return output.finish(report, spec.commandLine().getOut());
    }
}
