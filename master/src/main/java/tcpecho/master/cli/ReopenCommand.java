package tcpecho.master.cli;

import picocli.CommandLine.Command;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

@Command(name = "reopen", mixinStandardHelpOptions = true,
        description = "Reopen the log files in the master and every worker, and proxy dump files (like kill -USR1), after log rotation.")
final class ReopenCommand extends ControlCommand {

    @Override
    Message request() {
        return Message.of(Verb.REOPEN);
    }

    @Override
    int onOk(Message reply) {
        System.out.println("log files reopened");
        return ExitCode.OK;
    }
}
