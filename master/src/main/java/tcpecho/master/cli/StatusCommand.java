package tcpecho.master.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

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
        System.out.printf("master pid %s, generation %s, up %s s, %s (%s failed), listening on %s%n",
                master.get("pid"), master.get("generation"), master.get("uptime_s"), Plural.count(master.get("reloads"), "reload"),
                master.get("failed_reloads"), joined(master.getAsJsonArray("listeners")));
        TextTable workers = new TextTable("SLOT", "PID", "GEN", "STATE", "CONNECTIONS>", "ACCEPTED>", "BYTES_IN>",
                "BYTES_OUT>", "RESTARTS>");
        for (JsonElement element : status.getAsJsonArray("workers")) {
            JsonObject w = element.getAsJsonObject();
            workers.row(w.get("slot"), w.get("pid"), w.get("generation"), w.get("state").getAsString(),
                    w.get("connections"), w.get("accepted"), w.get("bytes_in"), w.get("bytes_out"), w.get("restarts"));
        }
        System.out.print(workers);
        for (JsonElement element : status.getAsJsonArray("slots_down")) {
            JsonObject slot = element.getAsJsonObject();
            System.out.printf("slot %s %s: %s%n", slot.get("slot"), slot.get("state").getAsString(),
                    slot.get("reason").getAsString());
        }
        if (status.has("listeners")) {
            TextTable listeners = new TextTable("LISTENER", "PROTOCOL", "ENDPOINT", "CONNECTIONS>", "ACCEPTED>",
                    "BYTES_IN>", "BYTES_OUT>", "DROPPED>");
            for (JsonElement element : status.getAsJsonArray("listeners")) {
                JsonObject l = element.getAsJsonObject();
                listeners.row(l.get("name").getAsString(), l.get("protocol").getAsString(),
                        l.get("transport").getAsString() + " " + l.get("endpoint").getAsString(), l.get("connections"),
                        l.get("accepted"), l.get("bytes_in"), l.get("bytes_out"), dropped(l));
            }
            System.out.println();
            System.out.print(listeners);
        }
    }

    /** All drops of a listener, or 0 from a master that reports none; status --json has them by reason. */
    private static long dropped(JsonObject listener) {
        long sum = 0;
        if (listener.has("dropped")) {
            for (var reason : listener.getAsJsonObject("dropped").entrySet()) {
                sum += reason.getValue().getAsLong();
            }
        }
        return sum;
    }

    /** {@code echo *:8090, discard 127.0.0.1:8009}: a JSON array of strings as a line of text. */
    static String joined(JsonArray items) {
        List<String> text = new ArrayList<>();
        items.forEach(item -> text.add(item.getAsString()));
        return String.join(", ", text);
    }
}
