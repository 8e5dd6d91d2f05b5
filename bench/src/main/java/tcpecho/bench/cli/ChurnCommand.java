package tcpecho.bench.cli;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpecho.bench.ChurnLoad;
import tcpecho.bench.Failures;
import tcpecho.bench.Target;

@Command(name = "churn", mixinStandardHelpOptions = true,
        description = "New connections at a rate: connect, send, check the echo, close; failures counted by kind.")
final class ChurnCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    TargetOptions target;
    @Mixin
    OutputOptions output;

    @Option(names = "--rate", defaultValue = "2000", converter = Converters.NonNegative.class,
            description = "New connections per second, 0 = as fast as possible (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = {"-c", "--concurrency"}, converter = Converters.Positive.class,
            description = "Most connections in flight (default: 50 with --rate 0, else 1000).")
    Integer concurrency;

    @Option(names = {"-s", "--size"}, defaultValue = "64", converter = Converters.Positive.class,
            description = "Payload size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-d", "--duration"}, defaultValue = "10s", converter = Converters.Duration.class, paramLabel = "<time>",
            description = "How long to run (default: ${DEFAULT-VALUE}).")
    long durationNanos;

    @Option(names = "--until-file", paramLabel = "<file>",
            description = "End as soon as this file exists (a script's signal that what the load ran across is"
                    + " over, however long that took); --duration stays the upper bound.")
    Path stopFile;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = target.resolve();
        int inFlight = concurrency != null ? concurrency : rate == 0 ? 50 : 1000;
        if (FdLimit.refuse(inFlight, spec.commandLine().getErr())) {
            return 1;
        }
        ChurnLoad load = ChurnLoad.start(new ChurnLoad.Settings(address, rate, size, inFlight,
                target.timeoutNanos, target.threads, target.seed));
        Progress.Meter meter = new Progress.Meter();
        Progress progress = output.startProgress(() -> String.format(Locale.ROOT, "%,.0f connections/s, failures %d",
                meter.perSecond(load.snapshot().successes()), load.failures().total()), spec.commandLine().getErr());
        runFor(durationNanos, stopFile);
        ChurnLoad.Result r = load.stop();
        progress.stop();
        Report report = report(address, r, load.failures(), inFlight);
        return output.finish(report, spec.commandLine().getOut());
    }

    /** Sleeps {@code nanos}, or less once {@code stopFile} (if not null) exists, looked for every 20 ms. */
    private static void runFor(long nanos, Path stopFile) throws InterruptedException {
        long until = System.nanoTime() + nanos;
        while (System.nanoTime() - until < 0 && (stopFile == null || !Files.exists(stopFile))) {
            Thread.sleep(Math.max(1, Math.min(20, TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()))));
        }
    }

    private Report report(InetSocketAddress address, ChurnLoad.Result r, Failures failures, int inFlight) {
        double s = r.elapsedNanos() / 1e9;
        Report report = new Report("churn", Target.describe(address), s)
                .setting("target_rate", rate).setting("concurrency", inFlight).setting("payload_size", size)
                .count("attempts", r.attempts()).count("successes", r.successes())
                .count("unfinished_at_stop", r.attempts() - r.successes() - r.failureCount())
                .rate("connections_per_s", r.successesPerSecond())
                .failures(r.failures(), failures.details());
        if (r.successes() == 0) {
            report.problem("no connection completed an echo");
        }
        return report;
    }
}
