package tcpecho.master.cli;

import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

@Command(name = "stop", mixinStandardHelpOptions = true,
        description = "Stop the master and its workers (like kill -TERM, or kill -INT with --fast), "
                + "and wait until they are gone.")
final class StopCommand extends ControlCommand {
    private static final Duration MARGIN = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--fast", description = "Close open connections at once instead of letting them finish.")
    boolean fast;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "How long open connections may take to finish (default: the shutdown-timeout setting).")
    Integer timeoutSeconds;

    @Override
    Message request() {
        if (timeoutSeconds != null && timeoutSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--timeout must be 0 or more seconds (got " + timeoutSeconds + ")");
        }
        Message stop = Message.of(Verb.STOP).with("mode", fast ? "fast" : "graceful");
        return timeoutSeconds == null ? stop : stop.with("timeout_ms", timeoutSeconds * 1000L);
    }

    @Override
    int onOk(Message reply) {
        long pid = reply.getLong("pid", -1);
        Duration wait = Duration.ofMillis(reply.getLong("timeout_ms", 10_000)).plus(MARGIN);
        long deadline = System.nanoTime() + wait.toNanos();
        Optional<ProcessHandle> master = ProcessHandle.of(pid);
        while (master.isPresent() && master.get().isAlive()) {
            if (System.nanoTime() > deadline) {
                System.err.println("tcp-echo-master: master pid " + pid + " is still running after " + wait.toSeconds() + " s");
                return ExitCode.FAILURE;
            }
            Poll.pause();
        }
        System.out.println("stopped (master pid " + pid + ")");
        return ExitCode.OK;
    }
}
