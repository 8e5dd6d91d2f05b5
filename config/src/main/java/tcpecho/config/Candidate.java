package tcpecho.config;

import java.nio.file.Path;

/**
 * A value offered for one key by one layer, before validation.
 *
 * @param raw   a String from the environment, a flag or a default; from the file whatever tomlj
 *              returned (Long, Double, Boolean, String, TomlTable, ...)
 * @param typed true when {@code raw} came from TOML, whose types are checked strictly: {@code port =
 *              "9000"} is a mistake in a file, but {@code PORT=9000} is the only way to say it in env
 * @param base  directory that relative paths resolve against
 * @param where how an error names this value: {@code /etc/x.toml:3}, {@code environment PORT}, ...
 * @param file  the config file, null unless {@code source} is FILE
 * @param line  the line in {@code file}, or null
 */
record Candidate(String key, Object raw, boolean typed, Path base, Source source, String origin, String where,
                 Path file, Integer line) {

    static Candidate fromFile(String key, Object raw, Path file, int line) {
        String at = file + ":" + line;
        return new Candidate(key, raw, true, file.getParent(), Source.FILE, at, at, file, line);
    }

    static Candidate fromEnv(String key, String variable, String text, Path cwd) {
        return new Candidate(key, text, false, cwd, Source.ENV, "env " + variable, "environment " + variable,
                null, null);
    }

    static Candidate fromFlag(String key, String text, Path cwd) {
        String flag = Keys.flagName(key);
        return new Candidate(key, text, false, cwd, Source.FLAG, flag, flag, null, null);
    }

    static Candidate byDefault(String key, String text, Path cwd) {
        return new Candidate(key, text, false, cwd, Source.DEFAULT, "default", "default", null, null);
    }

    Problem problem(String what) {
        return new Problem(file, line, key, where, what);
    }

    /** The value as an error message quotes it: TOML syntax for file values, verbatim otherwise. */
    String shown() {
        if (!typed) {
            String text = (String) raw;
            return text.isBlank() ? '"' + text + '"' : text;
        }
        if (raw instanceof String) {
            return '"' + ((String) raw).replace("\\", "\\\\").replace("\"", "\\\"") + '"';
        }
        if (raw instanceof org.tomlj.TomlTable) {
            return "a table";
        }
        if (raw instanceof org.tomlj.TomlArray) {
            return "an array";
        }
        return String.valueOf(raw);
    }
}
