package tcpecho.master.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tcpecho.common.wire.FaultRequest;
import tcpecho.common.wire.Message;

@Command(name = "remove", mixinStandardHelpOptions = true,
        description = "Remove a fault added at run time; connections opened afterwards no longer get it.")
final class FaultRemoveCommand extends ControlCommand {
    @Parameters(index = "0", paramLabel = "LISTENER", description = "The listener's name.")
    String listener;

    @Parameters(index = "1", paramLabel = "NAME", description = "The fault's name, as fault list shows it.")
    String name;

    @Override
    Message request() {
        return new FaultRequest(FaultRequest.Action.REMOVE, listener, name, null).encode();
    }

    @Override
    int onOk(Message reply) {
        System.out.println("removed " + name + " from " + listener);
        return ExitCode.OK;
    }
}
