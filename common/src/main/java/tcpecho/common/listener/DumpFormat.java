package tcpecho.common.listener;

import tcpecho.common.text.Labelled;

/**
 * The {@code dump-format} option: each dumped chunk as hex rows, as text, or ({@code auto}) as text
 * when it is printable UTF-8 and hex otherwise.
 */
public enum DumpFormat implements Labelled {
    HEX,
    TEXT,
    AUTO;

    /** The format {@code text} names, or null. */
    public static DumpFormat parse(String text) {
        return Labelled.parse(values(), text);
    }
}
