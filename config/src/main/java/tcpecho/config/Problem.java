package tcpecho.config;

import java.nio.file.Path;

/**
 * One thing wrong with the configuration: WHERE: WHAT (RULE).
 *
 * @param file  the config file, or null when the value came from the environment, a flag or a default
 * @param line  1-based line in {@code file}, or null
 * @param key   the key concerned, or null (a syntax error, an unreadable file)
 * @param where {@code /etc/x.toml:3}, {@code environment TCP_ECHO_PORT}, {@code --port}, ...
 * @param what  the key's name, the rule and what was found
 */
record Problem(Path file, Integer line, String key, String where, String what) {

    static Problem inFile(Path file, Integer line, String key, String what) {
        return new Problem(file, line, key, line == null ? file.toString() : file + ":" + line, what);
    }

    String message() {
        return where + ": " + what;
    }
}
