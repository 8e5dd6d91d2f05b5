package tcpecho.master.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Set the worker count (N), or add (+N) or remove (-N) workers, through a reload: "
                + "removed workers drain like on a reload. SIGTTIN / SIGTTOU add / remove one.")
final class ScaleCommand extends ControlCommand {
    @Parameters(index = "0", paramLabel = "N|+N|-N", description = "The new worker count, or a change to it.")
    String change;

    @Override
    Message request() {
        if (!change.trim().matches("[+-]?\\d{1,5}")) {
            throw new ParameterException(spec.commandLine(), "scale takes N, +N or -N (a whole number), got '" + change + "'");
        }
        return Message.of(Verb.SCALE).with("workers", change.trim());
    }

    @Override
    Duration replyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    int onOk(Message reply) {
        System.out.println("scaled: generation " + reply.get("generation") + " serving with " + Plural.count(reply.get("workers"), "worker"));
        return ExitCode.OK;
    }
}
