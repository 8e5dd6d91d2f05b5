package tcpecho.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/** Where the control socket and pid file live unless configured. */
final class RuntimeDir {
    static final String NAME = "tcp-echo-master";

    private RuntimeDir() {
    }

    /**
     * {@code $XDG_RUNTIME_DIR/tcp-echo-master}, else the fallback. The XDG base directory spec says
     * a relative value is invalid and must be ignored; an empty one is the same as unset.
     */
    static Path of(Map<String, String> env, Supplier<Path> fallback) {
        String xdg = env.get("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty()) {
            try {
                Path dir = Path.of(xdg);
                if (dir.isAbsolute()) {
                    return dir.resolve(NAME).normalize();
                }
            } catch (InvalidPathException ignored) {
                // Same as relative: not a usable directory, so the fallback applies.
            }
        }
        return fallback.get();
    }

    /** {@code /tmp/tcp-echo-master-<uid>}: per user, so two users' masters never share a socket. */
    static Path tmpFallback() {
        return Path.of("/tmp", NAME + "-" + uid());
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // No /proc or no "unix" attribute view (not Linux): the name is unique per user too.
            return System.getProperty("user.name");
        }
    }
}
