package tcpecho.common.fault;

import java.util.List;

/**
 * The faults a listener can carry, each with its attributes in Toxiproxy's units, so its users find
 * the names they know. The label is ours ({@code slow-close}); {@link #toxiproxyName()} is
 * Toxiproxy's ({@code slow_close}), which default fault names use, as Toxiproxy's {@code <type>_<stream>}.
 */
public enum FaultType {
    LATENCY("latency", true, true,
            FaultAttribute.millis("latency", 3_600_000, null, "delay added to each chunk"),
            FaultAttribute.millis("jitter", 3_600_000, 0.0, "random +/- on the delay")),
    BANDWIDTH("bandwidth", true, false,
            new FaultAttribute("rate", FaultAttribute.Kind.KB_PER_SECOND, 1, 10_000_000, null,
                    "at most this many KB (1000 bytes) per second per connection")),
    SLICER("slicer", true, false,
            new FaultAttribute("average_size", FaultAttribute.Kind.BYTES, 1, 1 << 20, null, "mean chunk size"),
            new FaultAttribute("size_variation", FaultAttribute.Kind.BYTES, 0, 1 << 20, 0.0,
                    "chunk sizes vary by up to this much either way"),
            new FaultAttribute("delay", FaultAttribute.Kind.MICROS, 0, 60_000_000, 0.0, "pause between chunks")),
    SLOW_CLOSE("slow-close", true, false,
            FaultAttribute.millis("delay", 3_600_000, null, "how long the close waits")),
    TIMEOUT("timeout", true, false,
            FaultAttribute.millis("timeout", 86_400_000, 0.0,
                    "drop all data, then close after this long (0: hold the connection open)")),
    RESET_PEER("reset-peer", true, false,
            FaultAttribute.millis("timeout", 86_400_000, 0.0, "reset (RST) this long after the connection opens"),
            new FaultAttribute("bytes", FaultAttribute.Kind.BYTES, 0, 1L << 40, 0.0,
                    "reset once this many bytes passed instead (0: by time only)")),
    LIMIT_DATA("limit-data", true, false,
            new FaultAttribute("bytes", FaultAttribute.Kind.BYTES, 0, 1L << 40, null,
                    "close once exactly this many bytes passed")),
    LOSS("loss", false, true,
            new FaultAttribute("probability", FaultAttribute.Kind.FRACTION, 0, 1, null,
                    "fraction of datagrams dropped"));

    private final String label;
    private final boolean tcp;
    private final boolean udp;
    private final List<FaultAttribute> attributes;

    FaultType(String label, boolean tcp, boolean udp, FaultAttribute... attributes) {
        this.label = label;
        this.tcp = tcp;
        this.udp = udp;
        this.attributes = List.of(attributes);
    }

    public String label() {
        return label;
    }

    /** Toxiproxy's name for the type: {@code slow_close}, {@code latency}. */
    public String toxiproxyName() {
        return label.replace('-', '_');
    }

    public boolean forTcp() {
        return tcp;
    }

    public boolean forUdp() {
        return udp;
    }

    public List<FaultAttribute> attributes() {
        return attributes;
    }

    /** The attribute called {@code name}, or null. */
    public FaultAttribute attribute(String name) {
        for (FaultAttribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return attribute;
            }
        }
        return null;
    }

    /** The type labelled {@code text}, Toxiproxy's spelling ({@code slow_close}) too; or null. */
    public static FaultType parse(String text) {
        for (FaultType type : values()) {
            if (type.label.equals(text) || type.toxiproxyName().equals(text)) {
                return type;
            }
        }
        return null;
    }

    /** {@code latency, bandwidth, ...} for error messages. */
    public static String accepted() {
        StringBuilder text = new StringBuilder();
        for (FaultType type : values()) {
            text.append(text.length() == 0 ? "" : ", ").append(type.label);
        }
        return text.toString();
    }
}
