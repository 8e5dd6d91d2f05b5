package tcpecho.master.supervisor;

import java.util.Map;
import tcpecho.config.ConfigException;
import tcpecho.config.Settings;

/**
 * Reads the effective settings: at start, and again on every reload (file re-read, flags kept).
 * {@code overrides} are flag-like values the master itself adds, such as the worker count that
 * {@code scale} set, which must survive later reloads.
 */
@FunctionalInterface
public interface ConfigSource {
    Settings load(Map<String, String> overrides) throws ConfigException;
}
