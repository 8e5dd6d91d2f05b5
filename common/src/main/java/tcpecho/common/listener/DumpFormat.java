package tcpecho.common.listener;

/**
 * The {@code dump-format} option: each dumped chunk as hex rows, as text, or ({@code auto}) as text
 * when it is printable UTF-8 and hex otherwise.
 */
public enum DumpFormat {
    HEX("hex"),
    TEXT("text"),
    AUTO("auto");

    private final String label;

    DumpFormat(String label) {
        this.label = label;
    }

    /** As the config and the worker's command line write it. */
    public String label() {
        return label;
    }

    /** The format {@code text} names, or null. */
    public static DumpFormat parse(String text) {
        for (DumpFormat format : values()) {
            if (format.label.equals(text)) {
                return format;
            }
        }
        return null;
    }
}
