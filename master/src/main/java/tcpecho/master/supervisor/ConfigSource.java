package tcpecho.master.supervisor;

import tcpecho.config.ConfigException;
import tcpecho.config.Settings;

/** Reads the effective settings: at start, and again on every reload (file re-read, flags kept). */
@FunctionalInterface
public interface ConfigSource {
    Settings load() throws ConfigException;
}
