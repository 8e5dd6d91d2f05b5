package tcpecho.master.supervisor;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How to start a new master for a live upgrade: the launcher now on disk ({@code bin/tcp-echo-master},
 * named by {@code tcpecho.launcher}, so new jars, JVM flags and script changes all take effect)
 * with this master's own {@code start} arguments. Without a launcher (a master started by hand),
 * this JVM's java, flags and classpath.
 *
 * <p>The new master gets its own session (setsid: a Ctrl-C or hangup meant for the old master's
 * terminal must not reach it; setsid does not fork, as a spawned child is no group leader, so the
 * pid we spawn is the master's). {@code LISTEN_PID} must be the new master's own pid, known only
 * in the child: bash exports {@code $$} and execs, keeping that pid.
 */
public record MasterCommand(List<String> launch, List<String> startArgs) {
    static final String EXECUTABLE = "setsid";

    public static MasterCommand forThisInstallation(List<String> startArgs) {
        String launcher = System.getProperty("tcpecho.launcher");
        if (launcher != null && !launcher.isBlank()) {
            return new MasterCommand(List.of(launcher), List.copyOf(startArgs));
        }
        List<String> java = new ArrayList<>();
        java.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        java.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        java.addAll(List.of("-cp", System.getProperty("java.class.path"), "tcpecho.master.cli.Main"));
        return new MasterCommand(List.copyOf(java), List.copyOf(startArgs));
    }

    List<String> argv() {
        List<String> argv = new ArrayList<>(List.of(EXECUTABLE, "bash", "-c", "export LISTEN_PID=$$; exec \"$0\" \"$@\""));
        argv.addAll(launch);
        argv.addAll(startArgs);
        return argv;
    }
}
