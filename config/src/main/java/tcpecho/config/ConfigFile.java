package tcpecho.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;

/** Reads the TOML file into raw values with their line numbers; unknown keys become problems. */
final class ConfigFile {

    /**
     * The file's known keys in file order, its {@code [[listener]]} tables, and a problem for each
     * unknown key or bad listener.
     */
    record Contents(Map<String, Candidate> values, List<ListenerSet.Declared> listeners, List<Problem> problems) {
    }

    private ConfigFile() {
    }

    /** @throws ConfigException when the file cannot be read or is not valid TOML */
    static Contents read(Path file, SettingRows rows) throws ConfigException {
        TomlParseResult toml = Toml.parse(readText(file));
        if (toml.hasErrors()) {
            List<Problem> problems = new ArrayList<>();
            for (TomlParseError error : toml.errors()) {
                problems.add(Problem.inFile(file, error.position().line(), null, "invalid TOML: " + error.getMessage()));
            }
            throw new ConfigException(problems);
        }
        Map<String, Candidate> values = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<ListenerSet.Declared> listeners = List.of();
        for (String key : toml.keySet()) {
            // The list form: keySet() holds bare names, and a quoted key like "log level" is no dotted key.
            List<String> path = List.of(key);
            int line = toml.inputPositionOf(path).line();
            if (rows.isKnown(key)) {
                values.put(key, Candidate.fromFile(key, toml.get(path), file, line));
            } else if (key.equals(ListenerTable.KEY)) {
                listeners = ListenerTable.read(toml.get(path), file, line, problems);
            } else if (UnknownKeys.distance(key.toLowerCase(java.util.Locale.ROOT), ListenerTable.KEY) <= 2) {
                problems.add(Problem.inFile(file, line, key, "unknown key '" + key + "'; did you mean [["
                        + ListenerTable.KEY + "]], one table per listener?"));
            } else {
                problems.add(Problem.inFile(file, line, key, UnknownKeys.message(key, rows.keys())));
            }
        }
        return new Contents(values, listeners, problems);
    }

    private static String readText(Path file) throws ConfigException {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(Problem.inFile(file, null, null, "cannot read config file: " + reason(e)));
        }
    }

    /** The errno text: NoSuchFileException's own message is only the path, already in front of it. */
    static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof CharacterCodingException) {
            return "not valid UTF-8";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
