package tcpecho.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Shared test helpers: a loader with a fake environment and 8 processors, and TOML files. */
final class Fixtures {
    static final Path FALLBACK_RUNTIME_DIR = Path.of("/tmp/tem-test-fallback");
    static final int PROCESSORS = 8;

    private Fixtures() {
    }

    static SettingsLoader loader(Map<String, String> env) {
        return new SettingsLoader(env, PROCESSORS, () -> FALLBACK_RUNTIME_DIR);
    }

    static SettingsLoader loader() {
        return loader(Map.of());
    }

    /** Writes {@code lines} to {@code dir/name}, one per line, and returns the file's path. */
    static Path toml(Path dir, String name, String... lines) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
