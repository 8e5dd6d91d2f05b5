package tcpecho.master.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Serving;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

@Command(name = "reload", mixinStandardHelpOptions = true,
        description = "Re-read the config and replace the workers by a new generation (like kill -HUP). "
                + "Exits 0 once the new generation serves, 1 with the reason if the old one keeps serving.")
final class ReloadCommand extends ControlCommand {

    @Override
    Message request() {
        return Message.of(Verb.RELOAD);
    }

    /** A reload may wait for an older generation to drain, then for the new one to be ready. */
    @Override
    Duration replyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    int onOk(Message reply) throws MalformedMessageException {
        Serving serving = Serving.decode(reply);
        System.out.println("reloaded: generation " + serving.generation() + " is serving with "
                + Plural.count(serving.workers(), "worker"));
        return ExitCode.OK;
    }
}
