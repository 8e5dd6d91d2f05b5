package tcpecho.master.cli;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Stop;
import tcpecho.common.wire.Message;

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
        return new Stop(fast, timeoutSeconds == null ? OptionalLong.empty() : OptionalLong.of(timeoutSeconds * 1000L))
                .encode();
    }

    @Override
    int onOk(Message reply) throws MalformedMessageException {
        Stop.Accepted accepted = Stop.Accepted.decode(reply);
        long pid = accepted.pid();
        Duration wait = Duration.ofMillis(accepted.timeoutMillis()).plus(MARGIN);
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
