package tcpecho.common.wire;

import java.util.ArrayList;
import java.util.List;
import tcpecho.common.fault.Fault;

/**
 * FAULT, CLI to master: add, remove, clear or list the faults added at run time. The one encoder and
 * decoder of the request and of {@code list}'s reply, whose {@code faults} field holds one line per
 * fault: {@code listener origin encoded-fault}, origin {@code config} or {@code run-time}.
 *
 * @param listener null for {@code clear} of every listener and for {@code list}
 * @param name     the fault to remove ({@code remove} only)
 * @param fault    the fault to add ({@code add} only)
 */
public record FaultRequest(Action action, String listener, String name, Fault fault) {
    public enum Action { ADD, REMOVE, CLEAR, LIST }

    /** One row of {@code fault list}. */
    public record Row(String listener, String origin, Fault fault) {
    }

    public static final String CONFIG = "config";
    public static final String RUN_TIME = "run-time";

    public Message encode() {
        Message message = Message.of(Verb.FAULT).with("action", action.name().toLowerCase(java.util.Locale.ROOT));
        if (listener != null) {
            message = message.with("listener", listener);
        }
        if (name != null) {
            message = message.with("name", name);
        }
        return fault == null ? message : message.with("fault", fault.encode());
    }

    public static FaultRequest decode(Message message) throws MalformedMessageException {
        Action action = null;
        for (Action a : Action.values()) {
            if (a.name().toLowerCase(java.util.Locale.ROOT).equals(message.get("action"))) {
                action = a;
            }
        }
        if (action == null) {
            throw new MalformedMessageException("FAULT field 'action' must be add, remove, clear or list");
        }
        String listener = message.get("listener");
        String name = message.get("name");
        Fault fault = null;
        try {
            fault = message.get("fault") == null ? null : Fault.decode(message.get("fault"));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("FAULT field 'fault': " + e.getMessage());
        }
        if ((action == Action.ADD || action == Action.REMOVE) && listener == null
                || action == Action.ADD && fault == null || action == Action.REMOVE && name == null) {
            throw new MalformedMessageException("FAULT " + action.name().toLowerCase(java.util.Locale.ROOT) + " is missing a field");
        }
        return new FaultRequest(action, listener, name, fault);
    }

    public static Message listReply(List<Row> rows) {
        StringBuilder text = new StringBuilder();
        for (Row row : rows) {
            text.append(row.listener()).append(' ').append(row.origin()).append(' ').append(row.fault().encode())
                    .append('\n');
        }
        return Message.of(Verb.OK).with("faults", text.toString());
    }

    public static List<Row> rows(Message reply) {
        List<Row> rows = new ArrayList<>();
        for (String line : reply.get("faults", "").split("\n")) {
            String[] parts = line.split(" ", 3);
            if (parts.length == 3) {
                rows.add(new Row(parts[0], parts[1], Fault.decode(parts[2])));
            }
        }
        return rows;
    }
}
