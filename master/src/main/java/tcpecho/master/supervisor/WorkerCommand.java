package tcpecho.master.supervisor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.launch.WorkerJvmOptions;
import tcpecho.common.log.Log;
import tcpecho.common.proc.ProcessTitle;

/**
 * The command line of a worker JVM: the worker's options from {@code dist/worker/jvm.options} (the
 * one list, which scripts/dump-worker-cds.sh records the worker's class-data-sharing archive with;
 * on JDK 25 and later jvm25.options too), plus that archive (an AOT cache on 25) when one was
 * recorded for the JDK the master runs on. The options, class path
 * and main class go in an argument file in the master's runtime directory; the command line keeps
 * the process name and the worker's own arguments.
 *
 * @param options the installation's JVM options (jvm.options, the CDS archive)
 * @param launch  what follows a generation's extra options: the user's TCP_ECHO_WORKER_JAVA_OPTS, the
 *                class path and the main class
 */
public record WorkerCommand(String javaExecutable, ArgFile jvmArgs, List<String> options, List<String> launch) {
    /** Options and launch (class path, main class) already in {@code jvmArgs}: no variants. */
    public WorkerCommand(String javaExecutable, ArgFile jvmArgs) {
        this(javaExecutable, jvmArgs, List.of(), List.of());
    }

    /**
     * The worker command for this installation: the master's own java, the worker jars and options
     * from the directory {@code tcpecho.worker.classpath} names (set by bin/tcp-echo-master as
     * {@code DIR/*}), extra flags from {@code TCP_ECHO_WORKER_JAVA_OPTS}; the argument file goes in
     * {@code runtimeDir}.
     */
    public static WorkerCommand forThisInstallation(Path runtimeDir) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("tcpecho.worker.classpath");
        if (classpath == null || !classpath.endsWith("/*") || classpath.contains(":")) {
            throw new IllegalStateException("tcpecho.worker.classpath must name the worker jars' directory as DIR/* "
                    + "(got " + classpath + "): start the master with bin/tcp-echo-master");
        }
        Path dir = Path.of(classpath.substring(0, classpath.length() - 2));
        int jdk = Runtime.version().feature();
        List<String> flags = new ArrayList<>(WorkerJvmOptions.read(dir, jdk));
        Path archive = dir.resolve(archiveFileName(jdk, System.getProperty("java.vm.version")));
        if (fits(archive, dir.resolve("common.jar"), dir.resolve("worker.jar"))) {
            // The JVM accepts an archive only for the class path it was dumped with: name the jars
            // as the dump did rather than letting the launcher expand "*" in directory order.
            // On 25 too: -XX:AOTCache would refuse to start next to an -Xshare:off or
            // -XX:DumpLoadedClassList in TCP_ECHO_WORKER_JAVA_OPTS ("Option AOTCache cannot be used at
            // the same time with ..."), where this maps the same cache ("Using AOT-linked classes: true"
            // in -Xlog:aot) and gives way to them, as on 17.
            flags.add("-XX:SharedArchiveFile=" + archive);
            classpath = dir.resolve("common.jar") + ":" + dir.resolve("worker.jar");
        } else {
            Log.get().debug("workers start without a class-data-sharing archive: none recorded for this JDK and "
                    + "these jars (" + archive + "; scripts/dump-worker-cds.sh records one)");
        }
        // The user's flags go last, after a generation's own extra options (TlsWorkerJvm): the JVM takes
        // the last of a repeated option, so TCP_ECHO_WORKER_JAVA_OPTS=-Xmx... still wins.
        List<String> launch = new ArrayList<>();
        String extra = System.getenv().getOrDefault("TCP_ECHO_WORKER_JAVA_OPTS", "").trim();
        if (!extra.isEmpty()) {
            launch.addAll(Arrays.asList(extra.split("\\s+")));
        }
        launch.addAll(List.of("-cp", classpath, WorkerArgs.MAIN_CLASS));
        List<String> all = new ArrayList<>(flags);
        all.addAll(launch);
        return new WorkerCommand(java, ArgFile.of(runtimeDir, "worker", all), List.copyOf(flags), List.copyOf(launch));
    }

    /**
     * The archive's file name for a JDK: scripts/dump-worker-cds.sh names it the same way. An archive
     * fits only the JVM build that dumped it, so the JVM's own build string is the key.
     */
    static String archiveName(String vmVersion) {
        return "worker-" + vmVersion.replaceAll("[^A-Za-z0-9._+-]", "_") + ".jsa";
    }

    /**
     * The file the workers map on JDK {@code jdk}: from {@value WorkerJvmOptions#NEWER_JDK} on an AOT
     * cache (JEP 483: the same classes, also linked at dump time), {@code worker-<vm>.aot}, which
     * scripts/dump-worker-cds.sh writes there instead of the class-data-sharing archive. A JVM that
     * cannot use it (other options, another build) starts without it.
     */
    static String archiveFileName(int jdk, String vmVersion) {
        String name = archiveName(vmVersion);
        return jdk >= WorkerJvmOptions.NEWER_JDK ? name.substring(0, name.length() - ".jsa".length()) + ".aot" : name;
    }

    /**
     * Whether the archive was recorded after the jars were written: the JVM refuses an archive for
     * jars changed since (on JDK 25 with an error line per worker), so a rebuild that did not
     * re-record it for this JDK means starting without it.
     */
    static boolean fits(Path archive, Path... jars) {
        try {
            FileTime recorded = Files.getLastModifiedTime(archive);
            for (Path jar : jars) {
                if (Files.getLastModifiedTime(jar).compareTo(recorded) > 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException missing) {
            return false;
        }
    }

    /** argv, starting with the name ps shows in its args column; writes the argument file if it is missing. */
    List<String> argv(int slot, List<String> workerArgs) throws IOException {
        return argv(slot, workerArgs, List.of());
    }

    /**
     * As {@link #argv(int, List)}, with {@code extraOptions} after the installation's (the JVM takes
     * the last of a repeated option) in an argument file of their own, named by its content as the
     * default one is.
     */
    List<String> argv(int slot, List<String> workerArgs, List<String> extraOptions) throws IOException {
        ArgFile file = jvmArgs;
        if (!extraOptions.isEmpty() && !launch.isEmpty()) {
            List<String> all = new ArrayList<>(options);
            all.addAll(extraOptions);
            all.addAll(launch);
            file = ArgFile.of(jvmArgs.path().getParent(), "worker", all);
        }
        List<String> argv = new ArrayList<>();
        argv.add(ProcessTitle.worker(slot));
        argv.add("@" + file.ensure());
        argv.addAll(workerArgs);
        return argv;
    }
}
