package tcpecho.common.listener;

import tcpecho.common.text.Labelled;

/** Where a proxy listener's {@code dump} option sends the traffic it copies. */
public enum DumpMode implements Labelled {
    OFF,
    LOG,
    FILE;

    /** The mode {@code text} names, or null. */
    public static DumpMode parse(String text) {
        return Labelled.parse(values(), text);
    }
}
