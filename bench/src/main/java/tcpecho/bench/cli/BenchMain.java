package tcpecho.bench.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** tcp-echo-bench: a verifying load generator for any TCP echo server (RFC 862). */
@Command(name = "tcp-echo-bench", mixinStandardHelpOptions = true, version = "tcp-echo-bench 0.1.0",
        description = "Verifying load generator for TCP echo servers (RFC 862). Exit codes: 0 ok, 1 failures, 2 usage.",
        subcommands = {ThroughputCommand.class, LatencyCommand.class, ChurnCommand.class, HoldCommand.class})
public final class BenchMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code; tests call this instead of main. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with its subcommands, for callers that redirect out and err. */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchMain());
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "Missing mode: one of throughput, latency, churn, hold");
    }
}
