package tcpecho.master.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import tcpecho.config.Keys;

/** The settings only {@code start} (and {@code check}, to show their effect) take as flags. */
final class StartOptions {
    @Option(names = {"-b", "--bind"}, paramLabel = "ADDR", description = "Address to listen on (default: all interfaces).")
    String bind;

    @Option(names = {"-w", "--workers"}, paramLabel = "N|auto", description = "Worker count (default: auto = CPU count).")
    String workers;

    @Option(names = "--pid-file", paramLabel = "PATH", description = "Pid file (default: next to the control socket).")
    Path pidFile;

    @Option(names = "--log-file", paramLabel = "PATH", description = "Log file (default: standard output).")
    Path logFile;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "debug, info, warn or error (default: info).")
    String logLevel;

    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        putIfSet(flags, Keys.BIND, bind);
        putIfSet(flags, Keys.WORKERS, workers);
        putIfSet(flags, Keys.PID_FILE, pidFile);
        putIfSet(flags, Keys.LOG_FILE, logFile);
        putIfSet(flags, Keys.LOG_LEVEL, logLevel);
        return flags;
    }

    private static void putIfSet(Map<String, String> flags, String key, Object value) {
        if (value != null) {
            flags.put(key, value.toString());
        }
    }
}
