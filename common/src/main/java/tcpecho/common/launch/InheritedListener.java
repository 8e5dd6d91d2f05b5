package tcpecho.common.launch;

import java.util.Objects;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ListenerOptionsCodec;

/**
 * A listening socket the master hands to a worker at spawn: it sits on file descriptor {@code fd}
 * in the worker, already bound (and listening, for stream protocols), and the worker serves it with
 * {@code protocol}. {@code family} is {@code inet} or {@code inet6}, which the JDK needs to wrap the
 * descriptor. {@code options} are the listener's settings (its access list, a proxy's upstream...),
 * which fit its protocol.
 */
public record InheritedListener(int fd, Protocol protocol, String family, String name, ListenerOptions options) {

    public InheritedListener {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(options, "options");
        if (fd < 3) {
            throw new IllegalArgumentException("listener fd must be 3 or above, got " + fd);
        }
        if (!family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("listener family must be inet or inet6, got '" + family + "'");
        }
        if (name.isEmpty() || name.contains(":") || name.contains(",")) {
            throw new IllegalArgumentException("listener name must be non-empty without ':' or ',', got '" + name + "'");
        }
        if (!options.fit(protocol)) {
            throw new IllegalArgumentException("listener '" + name + "' (" + protocol.label() + ") cannot take "
                    + options);
        }
    }

    /** A listener whose protocol takes no options of its own, open to everyone, without limits. */
    public InheritedListener(int fd, Protocol protocol, String family, String name) {
        this(fd, protocol, family, name, ListenerOptions.NONE);
    }

    /** Whether the socket is a UDP socket (bound, not listening) rather than a TCP listener. */
    public boolean isDatagram() {
        return protocol.isDatagram();
    }

    public InheritedListener withOptions(ListenerOptions newOptions) {
        return new InheritedListener(fd, protocol, family, name, newOptions);
    }

    /** {@code fd:protocol:family:name[:options]} (options as {@link ListenerOptionsCodec} writes them), as on the worker's command line. */
    public String encode() {
        String head = fd + ":" + protocol.label() + ":" + family + ":" + name;
        String options = ListenerOptionsCodec.encode(this.options);
        return options.isEmpty() ? head : head + ":" + options;
    }

    /** What {@link #encode} wrote; a malformed listener or option throws naming it. */
    public static InheritedListener decode(String text) {
        String[] parts = text.split(":", 5);
        if (parts.length < 4) {
            throw new IllegalArgumentException("listener must be fd:protocol:family:name[:options], got '" + text + "'");
        }
        Protocol protocol = Protocol.parse(parts[1]);
        if (protocol == null) {
            throw new IllegalArgumentException("listener '" + parts[3] + "' (fd " + parts[0] + ") has unknown protocol '"
                    + parts[1] + "' (accepted: " + Protocol.accepted() + ")");
        }
        int fd;
        try {
            fd = Integer.parseInt(parts[0]);
        } catch (NumberFormatException badFd) {
            throw new IllegalArgumentException("listener fd must be a number, got '" + parts[0] + "'");
        }
        ListenerOptions options = ListenerOptionsCodec.decode(protocol, parts[3], parts.length == 5 ? parts[4] : "");
        return new InheritedListener(fd, protocol, parts[2], parts[3], options);
    }
}
