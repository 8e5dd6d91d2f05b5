package tcpecho.common.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The worker JVM's options file, {@code jvm.options} in the worker jars' directory (source:
 * worker/src/main/dist/jvm.options): the one list the master starts workers with and
 * scripts/dump-worker-cds.sh records the workers' class-data-sharing archive with.
 */
public final class WorkerJvmOptions {
    public static final String FILE_NAME = "jvm.options";

    private WorkerJvmOptions() {
    }

    /** The options in {@code dir}'s options file. */
    public static List<String> read(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException unreadable) {
            throw new UncheckedIOException("cannot read the worker's JVM options " + file
                    + ": rebuild with mvn -q -DskipTests package", unreadable);
        }
    }

    /**
     * The options as the java launcher reads an argument file like ours: {@code #} starts a
     * comment, whitespace separates options. The file is the project's own, with no quoting.
     */
    public static List<String> parse(List<String> lines) {
        List<String> options = new ArrayList<>();
        for (String line : lines) {
            int comment = line.indexOf('#');
            String text = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!text.isEmpty()) {
                options.addAll(Arrays.asList(text.split("\\s+")));
            }
        }
        return options;
    }
}
