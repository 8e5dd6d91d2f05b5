package tcpecho.master.supervisor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.proc.ProcessTitle;

/**
 * The command line of a worker JVM. The flags are the lean set measured in FACTS.md (serial GC,
 * C1 only, small heap and stacks, no perf data: ~35 MB RSS and ~80 ms to the first echo on JDK 17),
 * plus the two --add-opens the worker needs to adopt its inherited listening sockets, plus the
 * worker's class-data-sharing archive when the build made one.
 */
public record WorkerCommand(String javaExecutable, String classpath, List<String> extraJvmFlags) {

    /**
     * A 4 MB young generation instead of a third of the heap: Eden pages, once touched, stay in RSS,
     * and 10,000 connections opening touched all of a larger one. Measured with 10,000 held
     * connections: RSS growth 2.03 -> 1.18 KiB per connection (0.78 with -Xmn2m), the same idle RSS
     * and churn CPU per connection. The data path allocates nothing, so young GCs stay rare there.
     */
    private static final String XMN = "-Xmn4m";

    static final List<String> LEAN_FLAGS = List.of(
            "-XX:+UseSerialGC", "-Xss256k", "-XX:TieredStopAtLevel=1", "-Xmx32m", XMN, "-XX:-UsePerfData",
            "-Xshare:auto", "-XX:+ExitOnOutOfMemoryError",
            "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED");

    /**
     * The worker command for this installation: the master's own java, the worker jars from
     * {@code tcpecho.worker.classpath} (set by bin/tcp-echo-master), extra flags from
     * {@code TCP_ECHO_WORKER_JAVA_OPTS}.
     */
    public static WorkerCommand forThisInstallation() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("tcpecho.worker.classpath");
        if (classpath == null || classpath.isBlank()) {
            throw new IllegalStateException("tcpecho.worker.classpath is not set: start the master with bin/tcp-echo-master");
        }
        String extra = System.getenv().getOrDefault("TCP_ECHO_WORKER_JAVA_OPTS", "").trim();
        List<String> flags = new ArrayList<>();
        Path archive = archiveFor(classpath);
        if (archive != null) {
            // Dumped by the worker build with exactly common.jar:worker.jar; the JVM accepts an
            // archive only for the classpath it was dumped with, so name the jars in that order
            // rather than letting the launcher expand "*" in directory order.
            flags.add("-XX:SharedArchiveFile=" + archive);
            classpath = archive.resolveSibling("common.jar") + ":" + archive.resolveSibling("worker.jar");
        }
        if (!extra.isEmpty()) {
            flags.addAll(Arrays.asList(extra.split("\\s+")));
        }
        return new WorkerCommand(java, classpath, List.copyOf(flags));
    }

    /**
     * The class-data-sharing archive the worker build dumps next to the worker jars (see
     * worker/pom.xml), when the classpath is that directory's {@code *}; null otherwise. Mapping it
     * saves each worker parsing ~300 classes: ~2.6 MB less RSS and a shorter start (BENCHMARKS.md).
     */
    static Path archiveFor(String classpath) {
        if (!classpath.endsWith("/*") || classpath.contains(":")) {
            return null;
        }
        Path dir = Path.of(classpath.substring(0, classpath.length() - 2));
        Path archive = dir.resolve("worker.jsa");
        boolean complete = Files.isRegularFile(archive) && Files.isRegularFile(dir.resolve("common.jar"))
                && Files.isRegularFile(dir.resolve("worker.jar"));
        return complete ? archive : null;
    }

    /** argv, starting with the name ps shows in its args column. */
    List<String> argv(WorkerArgs args) {
        List<String> argv = new ArrayList<>();
        argv.add(ProcessTitle.worker(args.slot()));
        argv.addAll(LEAN_FLAGS);
        argv.addAll(extraJvmFlags);
        argv.add("-cp");
        argv.add(classpath);
        argv.add(WorkerArgs.MAIN_CLASS);
        argv.addAll(args.toArgs());
        return argv;
    }
}
