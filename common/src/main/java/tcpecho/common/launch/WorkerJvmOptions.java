package tcpecho.common.launch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The worker JVM's options files, {@code jvm.options} in the worker jars' directory (source:
 * worker/src/main/dist/), and on JDK {@value #NEWER_JDK} and later {@code jvm25.options} after it:
 * the one list the master starts workers with and scripts/dump-worker-cds.sh records the workers'
 * class-data-sharing archive or AOT cache with. JDK 17 refuses to start with an option it does not
 * know, so the newer JDK's options live in a file of their own.
 */
public final class WorkerJvmOptions {
    public static final String FILE_NAME = "jvm.options";
    /** The first JDK whose options (compact object headers) and AOT cache the workers use. */
    public static final int NEWER_JDK = 25;
    public static final String NEWER_JDK_FILE_NAME = "jvm25.options";

    private WorkerJvmOptions() {
    }

    /** The options in {@code dir}'s options files for the JDK this JVM runs. */
    public static List<String> read(Path dir) {
        return read(dir, Runtime.version().feature());
    }

    /** The options in {@code dir}'s options files for a JDK of feature release {@code jdk}. */
    public static List<String> read(Path dir, int jdk) {
        List<String> options = new ArrayList<>(readFile(dir.resolve(FILE_NAME)));
        if (jdk >= NEWER_JDK) {
            options.addAll(readFile(dir.resolve(NEWER_JDK_FILE_NAME)));
        }
        return options;
    }

    private static List<String> readFile(Path file) {
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
