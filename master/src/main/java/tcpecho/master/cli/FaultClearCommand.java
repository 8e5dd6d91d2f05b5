package tcpecho.master.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.FaultRequest;
import tcpecho.common.wire.Message;

@Command(name = "clear", mixinStandardHelpOptions = true,
        description = "Remove every fault added at run time, on LISTENER or on all listeners; the config's stay.")
final class FaultClearCommand extends ControlCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "LISTENER", description = "Only this listener.")
    String listener;

    @Override
    Message request() {
        return new FaultRequest(FaultRequest.Action.CLEAR, listener, null, null).encode();
    }

    @Override
    int onOk(Message reply) {
        System.out.println("cleared run-time faults on " + Plural.count(reply.get("cleared", "0"), "listener"));
        return ExitCode.OK;
    }
}
