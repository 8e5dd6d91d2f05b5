package tcpecho.master.cli;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tcpecho.config.ConfigException;
import tcpecho.config.ListenFlags;
import tcpecho.config.SettingRows;
import tcpecho.config.Settings;
import tcpecho.config.SettingsLoader;
import tcpecho.master.os.SdNotify;

@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Start the master and its workers. Foreground by default (logs to standard output, "
                + "Ctrl-C stops it); with -d it detaches and returns once every worker accepts connections.")
final class StartCommand implements Callable<Integer> {
    /** Set in the detached child so it runs in the foreground of its own session. */
    static final String DAEMON_CHILD_ENV = "TCP_ECHO_DAEMON_CHILD";

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions target;

    @Mixin
    ListenOptions listeners;

    @Option(names = {"-d", "--daemon"}, description = "Detach; write the pid file; exit 0 once all workers serve.")
    boolean daemon;

    /**
     * Whether {@code args} make this JVM the master (a foreground start, or the master that
     * {@code start -d} detached), judged before picocli parses them, so that the master can load
     * its native access meanwhile. Not the {@code start -d} command itself, which only waits: a
     * misjudged clustered flag costs that load, nothing else.
     */
    static boolean runsTheMaster(String[] args, Map<String, String> env) {
        if (args.length == 0 || !args[0].equals("start")) {
            return false;
        }
        return env.get(DAEMON_CHILD_ENV) != null
                || Arrays.stream(args).noneMatch(arg -> arg.equals("-d") || arg.equals("--daemon"));
    }

    @Override
    public Integer call() throws IOException {
        Map<String, String> flags = target.flags();
        SettingRows rows = SettingFlags.rowsOf(spec);
        flags.putAll(SettingFlags.given(spec, rows));
        ListenFlags listen = listeners.listenFlags();
        SettingsLoader loader = SettingsLoader.forThisProcess(rows);
        Settings settings;
        try {
            settings = loader.load(target.configFile, flags, listen);
        } catch (ConfigException invalid) {
            FlagErrors.rethrowAsUsage(invalid, spec);
            System.err.println("tcp-echo-master: " + invalid.getMessage());
            // A master upgrading to this one shows the user why it did not start.
            SdNotify.to(System.getenv("TCP_ECHO_UPGRADE_SOCKET")).send("STATUS=invalid config: " + invalid.getMessage());
            return ExitCode.FAILURE;
        }
        if (daemon && System.getenv(DAEMON_CHILD_ENV) == null) {
            return new Daemonizer(settings, spec.commandLine().getParseResult().originalArgs()).start();
        }
        return new MasterRunner().run(settings, overrides -> {
            Map<String, String> withOverrides = new java.util.LinkedHashMap<>(flags);
            withOverrides.putAll(overrides);
            return loader.load(target.configFile, withOverrides, listen);
        }, spec.commandLine().getParseResult().originalArgs());
    }
}
