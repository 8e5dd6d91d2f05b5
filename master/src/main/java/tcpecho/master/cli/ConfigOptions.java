package tcpecho.master.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import tcpecho.config.ConfigException;
import tcpecho.config.Keys;
import tcpecho.config.ListenFlags;
import tcpecho.config.SettingRows;
import tcpecho.config.Settings;
import tcpecho.config.SettingsLoader;

/**
 * How every subcommand finds its master: {@code --control-socket PATH}, else the socket derived
 * from {@code -p PORT}, else from the config file {@code -c FILE}, else the default port's.
 */
final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "Config file (TOML).")
    Path configFile;

    // The help of -p and --control-socket is their setting rows' (SettingFlags.describeFromRows).
    @Option(names = {"-p", "--port"}, paramLabel = "PORT")
    Integer port;

    @Option(names = "--control-socket", paramLabel = "PATH")
    Path controlSocket;

    /** The flags given, as config keys to raw text, for the settings loader. */
    Map<String, String> flags() {
        Map<String, String> flags = new LinkedHashMap<>();
        if (port != null) {
            flags.put(Keys.PORT, port.toString());
        }
        if (controlSocket != null) {
            flags.put(Keys.CONTROL_SOCKET, controlSocket.toString());
        }
        return flags;
    }

    Settings load(Map<String, String> moreFlags) throws ConfigException {
        return load(moreFlags, ListenFlags.NONE);
    }

    Settings load(Map<String, String> moreFlags, ListenFlags listen) throws ConfigException {
        return load(SettingRows.STANDARD, moreFlags, listen);
    }

    Settings load(SettingRows rows, Map<String, String> moreFlags, ListenFlags listen) throws ConfigException {
        Map<String, String> flags = flags();
        flags.putAll(moreFlags);
        return SettingsLoader.forThisProcess(rows).load(configFile, flags, listen);
    }

    Path controlSocket() throws ConfigException {
        return load(Map.of()).controlSocket();
    }
}
