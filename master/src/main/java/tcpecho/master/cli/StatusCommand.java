package tcpecho.master.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tcpecho.common.log.Plural;
import tcpecho.common.status.Status;
import tcpecho.common.text.TextTable;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.master.control.StatusJson;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the master and its workers: pid, generation, state, connections and counters.")
final class StatusCommand extends ControlCommand {
    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    Message request() {
        return Message.of(Verb.STATUS);
    }

    @Override
    int onOk(Message reply) {
        if (json) {
            System.out.println(StatusJson.text(reply));
        } else {
            printTable(StatusJson.decode(StatusJson.text(reply)));
        }
        return ExitCode.OK;
    }

    private static void printTable(Status status) {
        Status.Master master = status.master();
        System.out.printf("master pid %s, generation %s, up %s s, %s (%s failed), listening on %s%n",
                master.pid(), master.generation(), master.uptimeS(), Plural.count(master.reloads(), "reload"),
                master.failedReloads(), joined(master.listeners()));
        TextTable workers = new TextTable("SLOT", "PID", "GEN", "STATE", "CONNECTIONS>", "ACCEPTED>", "BYTES_IN>",
                "BYTES_OUT>", "RESTARTS>");
        for (Status.Worker w : status.workers()) {
            workers.row(w.slot(), w.pid(), w.generation(), w.state(), w.connections(), w.accepted(), w.bytesIn(),
                    w.bytesOut(), w.restarts());
        }
        System.out.print(workers);
        for (Status.SlotDown slot : status.slotsDown()) {
            System.out.printf("slot %s %s: %s%n", slot.slot(), slot.state(), slot.reason());
        }
        if (!status.listeners().isEmpty()) {
            TextTable listeners = new TextTable("LISTENER", "PROTOCOL", "ENDPOINT", "CONNECTIONS>", "ACCEPTED>",
                    "BYTES_IN>", "BYTES_OUT>", "DROPPED>");
            for (Status.Listener l : status.listeners()) {
                listeners.row(l.name(), l.protocol(), l.transport() + " " + l.endpoint(), l.connections(),
                        l.accepted(), l.bytesIn(), l.bytesOut(), l.droppedTotal());
            }
            System.out.println();
            System.out.print(listeners);
        }
    }

    /** {@code echo *:8090, discard 127.0.0.1:8009}: the master's listeners as a line of text. */
    static String joined(List<String> items) {
        return String.join(", ", items);
    }
}
