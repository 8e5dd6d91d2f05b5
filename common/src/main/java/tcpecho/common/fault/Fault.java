package tcpecho.common.fault;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One fault on a listener, as Toxiproxy's toxic: a name, a type, a stream, the fraction of
 * connections it applies to ({@code toxicity}) and the type's attributes, every one present, in
 * the type's order and unit. Validated here, once, whoever builds it: config, the control socket,
 * the worker decoding its arguments. The text form ({@link #encode}) crosses from master to
 * worker; it is parsed without regex or streams, as the worker's start-up path is.
 */
public record Fault(String name, FaultType type, FaultStream stream, double toxicity, Map<String, Double> attributes) {
    public static final String NAME_RULE = "must be 1 to 64 letters, digits, '.', '_' or '-'";
    /**
     * Faults one listener may carry, config and run time together: what FAULTS carries for one
     * listener must fit a control line (64 KiB) with room to spare; one fault encodes in about 80 bytes.
     */
    public static final int MAX_PER_LISTENER = 32;
    public static final String TOXICITY_RULE = "must be a fraction from 0 to 1 (or a percentage)";

    public Fault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stream, "stream");
        if (!validName(name)) {
            throw new IllegalArgumentException("fault name " + NAME_RULE + " (got '" + name + "')");
        }
        if (!(toxicity >= 0 && toxicity <= 1)) {
            throw new IllegalArgumentException("toxicity " + TOXICITY_RULE + " (got " + toxicity + ")");
        }
        Map<String, Double> checked = new LinkedHashMap<>();
        for (FaultAttribute attribute : type.attributes()) {
            Double value = attributes.get(attribute.name());
            if (value == null) {
                throw new IllegalArgumentException(type.label() + " needs " + attribute.name() + " ("
                        + attribute.accepted() + ")");
            }
            attribute.check(value, FaultAttribute.format(value));
            checked.put(attribute.name(), value);
        }
        for (String key : attributes.keySet()) {
            if (type.attribute(key) == null) {
                throw unknownAttribute(type, key);
            }
        }
        attributes = Collections.unmodifiableMap(checked);
    }

    /**
     * A fault from what a user typed: {@code name} null for the default {@code <type>_<stream>},
     * {@code texts} the attributes as written ({@code latency -> "200ms"}); missing optional ones
     * take their defaults. IllegalArgumentException says which attribute is wrong and what it takes.
     */
    public static Fault of(FaultType type, FaultStream stream, String name, double toxicity, Map<String, String> texts) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> text : texts.entrySet()) {
            FaultAttribute attribute = type.attribute(text.getKey());
            if (attribute == null) {
                throw unknownAttribute(type, text.getKey());
            }
            values.put(attribute.name(), attribute.parse(text.getValue()));
        }
        for (FaultAttribute attribute : type.attributes()) {
            if (!values.containsKey(attribute.name()) && !attribute.required()) {
                values.put(attribute.name(), attribute.fallback());
            }
        }
        return new Fault(name == null ? defaultName(type, stream) : name, type, stream, toxicity, values);
    }

    /** Toxiproxy's default: {@code latency_downstream}, {@code slow_close_upstream}. */
    public static String defaultName(FaultType type, FaultStream stream) {
        return type.toxiproxyName() + "_" + stream.label();
    }

    /** {@code toxicity} as typed: {@code 0.5} or {@code 50%}. */
    public static double parseToxicity(String text) {
        return new FaultAttribute("toxicity", FaultAttribute.Kind.FRACTION, 0, 1, 1.0, "").parse(text);
    }

    public static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    public double get(String attribute) {
        return attributes.get(attribute);
    }

    /** {@code name,type,stream,toxicity,k=v,...}: no character of it is one {@link #encodeAll} separates with. */
    public String encode() {
        StringBuilder text = new StringBuilder(name).append(',').append(type.label()).append(',')
                .append(stream.label()).append(',').append(FaultAttribute.format(toxicity));
        attributes.forEach((k, v) -> text.append(',').append(k).append('=').append(FaultAttribute.format(v)));
        return text.toString();
    }

    public static Fault decode(String text) {
        String[] parts = text.split(",");
        if (parts.length < 4) {
            throw new IllegalArgumentException("fault must be name,type,stream,toxicity[,key=value...], got '" + text + "'");
        }
        FaultType type = FaultType.parse(parts[1]);
        if (type == null) {
            throw new IllegalArgumentException("fault '" + parts[0] + "' has unknown type '" + parts[1] + "' (accepted: "
                    + FaultType.accepted() + ")");
        }
        FaultStream stream = FaultStream.parse(parts[2]);
        if (stream == null) {
            throw new IllegalArgumentException("fault '" + parts[0] + "' has stream '" + parts[2] + "'; it must be "
                    + FaultStream.ACCEPTED);
        }
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 4; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("fault attribute must be key=value, got '" + parts[i] + "'");
            }
            values.put(parts[i].substring(0, eq), number(parts[i].substring(eq + 1)));
        }
        return new Fault(parts[0], type, stream, number(parts[3]), values);
    }

    /** Faults joined by ';' (empty for none), as a listener option and in a FAULTS message. */
    public static String encodeAll(List<Fault> faults) {
        StringBuilder text = new StringBuilder();
        for (Fault fault : faults) {
            text.append(text.length() == 0 ? "" : ";").append(fault.encode());
        }
        return text.toString();
    }

    public static List<Fault> decodeAll(String text) {
        List<Fault> faults = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return faults;
        }
        for (String one : text.split(";")) {
            faults.add(decode(one));
        }
        return faults;
    }

    /** {@code latency_downstream: latency downstream latency=200ms jitter=50ms}, toxicity when below 1. */
    public String describe() {
        StringBuilder text = new StringBuilder(name).append(": ").append(type.label()).append(' ').append(stream.label());
        for (FaultAttribute attribute : type.attributes()) {
            text.append(' ').append(attribute.name()).append('=').append(attribute.show(attributes.get(attribute.name())));
        }
        if (toxicity < 1) {
            text.append(" toxicity=").append(FaultAttribute.format(toxicity));
        }
        return text.toString();
    }

    private static double number(String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fault value must be a number, got '" + text + "'");
        }
    }

    private static IllegalArgumentException unknownAttribute(FaultType type, String key) {
        List<String> names = new ArrayList<>();
        type.attributes().forEach(a -> names.add(a.name()));
        return new IllegalArgumentException(type.label() + " has no attribute '" + key + "' (it takes "
                + String.join(", ", names) + ")");
    }
}
