package tcpecho.master.cli;

import java.util.List;
import picocli.CommandLine.Command;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultAttribute;
import tcpecho.common.text.TextTable;
import tcpecho.common.wire.FaultRequest;
import tcpecho.common.wire.Message;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the faults on the running server's listeners, from the config and added at run time.")
final class FaultListCommand extends ControlCommand {

    @Override
    Message request() {
        return new FaultRequest(FaultRequest.Action.LIST, null, null, null).encode();
    }

    @Override
    int onOk(Message reply) {
        List<FaultRequest.Row> rows = FaultRequest.rows(reply);
        if (rows.isEmpty()) {
            System.out.println("no faults");
            return ExitCode.OK;
        }
        TextTable table = new TextTable("LISTENER", "NAME", "TYPE", "STREAM", "TOXICITY", "ATTRIBUTES", "ORIGIN");
        for (FaultRequest.Row row : rows) {
            Fault f = row.fault();
            StringBuilder attributes = new StringBuilder();
            for (FaultAttribute attribute : f.type().attributes()) {
                attributes.append(attributes.length() == 0 ? "" : " ").append(attribute.name()).append('=')
                        .append(attribute.show(f.get(attribute.name())).replace(" bytes", ""));
            }
            table.row(row.listener(), f.name(), f.type().label(), f.stream().label(),
                    FaultAttribute.format(f.toxicity()), attributes, row.origin());
        }
        System.out.print(table);
        return ExitCode.OK;
    }
}
