package tcpecho.common.listener;

/** Where a proxy listener's {@code dump} option sends the traffic it copies. */
public enum DumpMode {
    OFF("off"),
    LOG("log"),
    FILE("file");

    private final String label;

    DumpMode(String label) {
        this.label = label;
    }

    /** As the config and the worker's command line write it. */
    public String label() {
        return label;
    }

    /** The mode {@code text} names, or null. */
    public static DumpMode parse(String text) {
        for (DumpMode mode : values()) {
            if (mode.label.equals(text)) {
                return mode;
            }
        }
        return null;
    }
}
