package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Workers print no JVM error or warning, on the JDK that built the jars and on the other JDKs here
 * (a jar built on 17 and run on 25 used to print {@code [error][cds] Not a valid shared archive file};
 * an archive recorded without the workers' --add-opens, {@code Mismatched values for property
 * jdk.module.addopens} on 25). A worker's stderr is the master's, which MasterProcess collects.
 */
class WorkerJvmOutputIT {
    private static final Pattern JVM_LOG_PROBLEM = Pattern.compile("\\[(error|warning) *\\]");

    @RegisterExtension
    final Masters masters = new Masters();

    /** The JDK running the tests (which built the jars) and every other one installed where Debian and Temurin put them. */
    static Stream<Path> jdks() throws IOException {
        Set<Path> homes = new LinkedHashSet<>();
        homes.add(Path.of(System.getProperty("java.home")).toRealPath());
        try (Stream<Path> installed = Files.list(Path.of("/usr/lib/jvm"))) {
            installed.filter(home -> Files.isExecutable(home.resolve("bin/java"))).map(WorkerJvmOutputIT::real)
                    .sorted().forEach(homes::add);
        }
        return homes.stream();
    }

    @ParameterizedTest
    @MethodSource("jdks")
    void workersStartAndReloadWithoutJvmWarnings(Path javaHome) throws IOException {
        MasterProcess master = masters.create();
        master.env.put("JAVA_HOME", javaHome.toString());
        master.start("--log-level", "debug");
        Cli.Result reload = master.cli("reload");
        assertEquals(0, reload.code(), reload.toString());
        master.awaitServing(2);

        List<String> problems = Files.readAllLines(master.output).stream()
                .filter(line -> JVM_LOG_PROBLEM.matcher(line).find()).toList();
        assertEquals(List.of(), problems, "JVM errors or warnings from the workers on " + javaHome);

        boolean withoutArchive = Files.readString(master.logFile).contains("without a class-data-sharing archive");
        String args = ProcessNamesIT.args(master.workerPids().get(0));
        Path argFile = Path.of(args.split(" ")[1].substring(1));
        String options = Files.readString(argFile);
        assertTrue(withoutArchive != options.contains("-XX:SharedArchiveFile="),
                "either the master logs that there is no archive for " + javaHome + ", or the worker maps one:\n"
                        + args + "\n" + options + master.log());
    }

    private static Path real(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException gone) {
            throw new java.io.UncheckedIOException(gone);
        }
    }
}
