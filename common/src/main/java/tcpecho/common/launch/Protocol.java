package tcpecho.common.launch;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the workers speak on a listener, and whether its socket is TCP or UDP: config parses it once,
 * the master hands it to the worker in {@link InheritedListener}, and the worker picks its handler by it.
 */
public enum Protocol {
    ECHO("echo", false),
    ECHO_UDP("echo-udp", true),
    DAYTIME("daytime", false),
    DISCARD("discard", false),
    CHARGEN("chargen", false),
    PROXY("proxy", false);

    private final String label;
    private final boolean datagram;

    Protocol(String label, boolean datagram) {
        this.label = label;
        this.datagram = datagram;
    }

    /** The name in the config, on the command line and on the worker's {@code --listener}. */
    public String label() {
        return label;
    }

    /** {@code udp} or {@code tcp}: two listeners conflict only on the same transport. */
    public String transport() {
        return datagram ? "udp" : "tcp";
    }

    public boolean isDatagram() {
        return datagram;
    }

    /** The protocol named {@code text}, or null. */
    public static Protocol parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(p -> p.label.equals(wanted)).findFirst().orElse(null);
    }

    /** {@code echo, echo-udp, daytime, discard, chargen, proxy}, for error messages. */
    public static String accepted() {
        return Arrays.stream(values()).map(Protocol::label).collect(Collectors.joining(", "));
    }
}
