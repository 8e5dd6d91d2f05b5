package tcpecho.master.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the master and its workers: pid, generation, state, connections and counters.")
final class StatusCommand extends ControlCommand {
    private static final String ROW = "%-5s %-8s %-4s %-9s %11s %10s %14s %14s %8s%n";
    private static final String LISTENER_ROW = "%-16s %-9s %-26s %11s %10s %14s %14s%n";

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    boolean json;

    @Override
    Message request() {
        return Message.of(Verb.STATUS);
    }

    @Override
    int onOk(Message reply) {
        String status = reply.get("status", "{}");
        if (json) {
            System.out.println(status);
        } else {
            printTable(JsonParser.parseString(status).getAsJsonObject());
        }
        return ExitCode.OK;
    }

    private static void printTable(JsonObject status) {
        JsonObject master = status.getAsJsonObject("master");
        System.out.printf("master pid %s, generation %s, up %s s, %s reloads (%s failed), listening on %s%n",
                master.get("pid"), master.get("generation"), master.get("uptime_s"), master.get("reloads"),
                master.get("failed_reloads"), master.get("listeners").getAsJsonArray());
        System.out.printf(ROW, "SLOT", "PID", "GEN", "STATE", "CONNECTIONS", "ACCEPTED", "BYTES_IN", "BYTES_OUT", "RESTARTS");
        for (JsonElement element : status.getAsJsonArray("workers")) {
            JsonObject w = element.getAsJsonObject();
            System.out.printf(ROW, w.get("slot"), w.get("pid"), w.get("generation"), w.get("state").getAsString(),
                    w.get("connections"), w.get("accepted"), w.get("bytes_in"), w.get("bytes_out"), w.get("restarts"));
        }
        for (JsonElement element : status.getAsJsonArray("slots_down")) {
            JsonObject slot = element.getAsJsonObject();
            System.out.printf("slot %s %s: %s%n", slot.get("slot"), slot.get("state").getAsString(),
                    slot.get("reason").getAsString());
        }
        if (status.has("listeners")) {
            System.out.println();
            System.out.printf(LISTENER_ROW, "LISTENER", "PROTOCOL", "ENDPOINT", "CONNECTIONS", "ACCEPTED", "BYTES_IN",
                    "BYTES_OUT");
            for (JsonElement element : status.getAsJsonArray("listeners")) {
                JsonObject l = element.getAsJsonObject();
                System.out.printf(LISTENER_ROW, l.get("name").getAsString(), l.get("protocol").getAsString(),
                        l.get("transport").getAsString() + " " + l.get("endpoint").getAsString(), l.get("connections"),
                        l.get("accepted"), l.get("bytes_in"), l.get("bytes_out"));
            }
        }
    }
}
