package tcpecho.master.supervisor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tcpecho.common.log.Log;

/** The master's pid file: written atomically at start, removed at exit if it still names us. */
final class PidFile {
    private final Path path;

    PidFile(Path path) {
        this.path = path;
    }

    void write(long pid) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, ".master", ".pid");
        Files.writeString(temp, pid + "\n", StandardCharsets.US_ASCII);
        Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    void remove() {
        try {
            String content = Files.readString(path, StandardCharsets.US_ASCII).trim();
            if (content.equals(Long.toString(ProcessHandle.current().pid()))) {
                Files.delete(path);
            }
        } catch (IOException gone) {
            Log.get().debug("pid file " + path + " already gone: " + gone.getMessage());
        }
    }
}
