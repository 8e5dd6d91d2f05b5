package tcpecho.common.launch;

import java.util.Locale;

/**
 * A listening socket the master hands to a worker at spawn: it sits on file descriptor {@code fd}
 * in the worker, already bound and listening, and the worker serves it with {@code protocol}.
 * {@code family} is {@code inet} or {@code inet6}, which the JDK needs to wrap the descriptor.
 */
public record InheritedListener(int fd, String protocol, String family, String name) {

    public InheritedListener {
        if (fd < 3) {
            throw new IllegalArgumentException("listener fd must be 3 or above, got " + fd);
        }
        if (!family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("listener family must be inet or inet6, got '" + family + "'");
        }
    }

    /** {@code fd:protocol:family:name}, as it appears on the worker's command line. */
    public String encode() {
        return fd + ":" + protocol + ":" + family + ":" + name;
    }

    public static InheritedListener decode(String text) {
        String[] parts = text.split(":", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("listener must be fd:protocol:family:name, got '" + text + "'");
        }
        try {
            return new InheritedListener(Integer.parseInt(parts[0]), parts[1].toLowerCase(Locale.ROOT), parts[2], parts[3]);
        } catch (NumberFormatException badFd) {
            throw new IllegalArgumentException("listener fd must be a number, got '" + parts[0] + "'");
        }
    }
}
