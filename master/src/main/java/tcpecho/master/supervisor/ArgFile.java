package tcpecho.master.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A java {@code @argument} file: a child's JVM options and class path go there instead of on its
 * command line, so ps shows {@code tcp-echo[wrk1] @FILE --slot 1 ...} instead of ~600 characters
 * of flags. Named by its content (masters of one installation share one file, and a live upgrade's
 * new master can never overwrite what the old master's workers still start with), kept in the
 * master's runtime directory: writable under a read-only root, as the control socket needs.
 */
record ArgFile(Path path, String text) {
    /** No whitespace, quote, backslash or comment sign: what the launcher takes as it is. */
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.,:;=+*/@%^~\\[\\]{}-]+");

    /** The file for {@code args} in {@code dir}, named {@code <prefix>-<content hash>.jvm}; not written yet. */
    static ArgFile of(Path dir, String prefix, List<String> args) {
        StringBuilder text = new StringBuilder();
        for (String arg : args) {
            text.append(quote(arg)).append('\n');
        }
        String content = text.toString();
        return new ArgFile(dir.resolve(prefix + "-" + hash(content) + ".jvm"), content);
    }

    /**
     * Writes the file unless it is there: checked before each spawn, because a long-lived master's
     * runtime directory may be cleaned under it (systemd-tmpfiles ages /tmp). Written to a temporary
     * name and renamed, so a worker never reads half a file and a rename never follows a symlink.
     */
    Path ensure() throws IOException {
        if (!Files.isRegularFile(path)) {
            Path partial = Files.createTempFile(path.getParent(), ".argfile", ".partial");
            try {
                Files.writeString(partial, text, StandardCharsets.UTF_8);
                Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
        }
        return path;
    }

    /**
     * As the launcher reads an argument file: bare when that reads back the same, else in double
     * quotes, where a backslash escapes {@code \\} and {@code "}.
     */
    static String quote(String arg) {
        if (BARE.matcher(arg).matches()) {
            return arg;
        }
        return '"' + arg.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String hash(String content) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }
}
