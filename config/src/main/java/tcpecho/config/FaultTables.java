package tcpecho.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tomlj.TomlArray;
import org.tomlj.TomlTable;
import tcpecho.common.fault.Fault;
import tcpecho.common.fault.FaultAttribute;
import tcpecho.common.fault.FaultStream;
import tcpecho.common.fault.FaultType;
import tcpecho.common.launch.Protocol;
import tcpecho.common.listener.ListenerOptions;

/**
 * A listener's {@code [[listener.fault]]} tables: {@code type}, optional {@code name} (Toxiproxy's
 * {@code <type>_<stream>} by default), {@code stream} ({@code downstream} by default),
 * {@code toxicity} (1 by default) and the type's attributes, each as a bare number in Toxiproxy's
 * unit or a string with a unit. Each problem names {@code listener[N].fault[M].key} and its line.
 */
final class FaultTables {
    static final String KEY = "fault";
    private static final List<String> COMMON_KEYS = List.of("type", "name", "stream", "toxicity");

    private final Path file;
    private final List<Problem> problems;

    private FaultTables(Path file, List<Problem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** The faults of the listener {@code label}; bad ones become problems and are left out. */
    static List<Fault> read(Object raw, String label, Protocol protocol, Path file, int line, List<Problem> problems) {
        String key = label + "." + KEY;
        if (!(raw instanceof TomlArray array) || array.toList().stream().anyMatch(e -> !(e instanceof TomlTable))) {
            problems.add(Problem.inFile(file, line, key, key + " must be an array of tables, written [[listener.fault]]"
                    + " under the listener (got " + Candidate.fromFile(key, raw, file, line).shown() + ")"));
            return List.of();
        }
        if (!array.isEmpty() && !ListenerOptions.takesFaults(protocol)) {
            problems.add(Problem.inFile(file, line, key, key + ": faults are only for echo, proxy and echo-udp"
                    + " listeners (this listener is " + protocol.label() + ")"));
            return List.of();
        }
        if (array.size() > Fault.MAX_PER_LISTENER) {
            problems.add(Problem.inFile(file, line, key, key + ": at most " + Fault.MAX_PER_LISTENER
                    + " faults per listener (got " + array.size() + ")"));
            return List.of();
        }
        FaultTables reader = new FaultTables(file, problems);
        List<Fault> faults = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            String one = key + "[" + (i + 1) + "]";
            int header = array.inputPositionOf(i).line();
            Fault fault = reader.one(array.getTable(i), one, header, protocol);
            if (fault != null && !names.add(fault.name())) {
                problems.add(Problem.inFile(file, header, one + ".name", one + ": fault name '" + fault.name()
                        + "' is already used on " + label + "; give one of them a name of its own"));
            } else if (fault != null) {
                faults.add(fault);
            }
        }
        return faults;
    }

    private Fault one(TomlTable table, String label, int header, Protocol protocol) {
        int before = problems.size();
        Object typeRaw = table.get("type");
        FaultType type = typeRaw instanceof String text ? FaultType.parse(text) : null;
        if (type == null) {
            problems.add(Problem.inFile(file, typeRaw == null ? header : line(table, "type"), label + ".type",
                    label + ".type " + (typeRaw == null ? "is required" : "must be one of " + FaultType.accepted()
                    + " (got " + Candidate.fromFile(label, typeRaw, file, header).shown() + ")")));
            return null;
        }
        if (protocol.isDatagram() ? !type.forUdp() : !type.forTcp()) {
            problems.add(Problem.inFile(file, line(table, "type"), label + ".type", label + ".type " + type.label()
                    + " is not for " + protocol.label() + " listeners (" + (protocol.isDatagram()
                    ? "echo-udp takes latency and loss" : "loss is for echo-udp only") + ")"));
            return null;
        }
        List<String> known = new ArrayList<>(COMMON_KEYS);
        type.attributes().forEach(a -> known.add(a.name()));
        Map<String, String> attributes = new LinkedHashMap<>();
        String name = null;
        FaultStream stream = FaultStream.DOWNSTREAM;
        double toxicity = 1;
        for (String key : table.keySet()) {
            int line = line(table, key);
            String where = label + "." + key;
            Object value = table.get(List.of(key));
            if (!known.contains(key)) {
                problems.add(Problem.inFile(file, line, where, label + ": " + UnknownKeys.message(key, known)));
                continue;
            }
            String text = value instanceof String || value instanceof Long || value instanceof Double
                    ? String.valueOf(value) : null;
            String shown = Candidate.fromFile(where, value, file, line).shown();
            try {
                switch (key) {
                    case "type" -> { }
                    case "name" -> name = name(where, value, shown);
                    case "stream" -> stream = stream(where, value, shown);
                    case "toxicity" -> toxicity = Fault.parseToxicity(require(text, where, shown));
                    default -> {
                        FaultAttribute attribute = type.attribute(key);
                        attribute.parse(require(text, where, shown));
                        attributes.put(key, text);
                    }
                }
            } catch (IllegalArgumentException e) {
                problems.add(Problem.inFile(file, line, where, label + "." + e.getMessage()));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        try {
            return Fault.of(type, stream, name, toxicity, attributes);
        } catch (IllegalArgumentException e) {
            problems.add(Problem.inFile(file, header, label, label + ": " + e.getMessage()));
            return null;
        }
    }

    private static String require(String text, String where, String shown) {
        if (text == null) {
            throw new IllegalArgumentException(where.substring(where.lastIndexOf('.') + 1)
                    + " must be a number or a string with a unit (got " + shown + ")");
        }
        return text;
    }

    private static String name(String where, Object value, String shown) {
        if (value instanceof String text && Fault.validName(text)) {
            return text;
        }
        throw new IllegalArgumentException("name " + Fault.NAME_RULE + " (got " + shown + ")");
    }

    private static FaultStream stream(String where, Object value, String shown) {
        FaultStream stream = value instanceof String text ? FaultStream.parse(text) : null;
        if (stream == null) {
            throw new IllegalArgumentException("stream must be " + FaultStream.ACCEPTED + " (got " + shown + ")");
        }
        return stream;
    }

    private static int line(TomlTable table, String key) {
        return table.inputPositionOf(List.of(key)).line();
    }
}
