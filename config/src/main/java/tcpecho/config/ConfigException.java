package tcpecho.config;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The configuration is unusable. The message holds one line per problem, the first problem (in file
 * order, then environment, then flags) on the first line; {@link #file()}, {@link #line()} and
 * {@link #key()} describe that first problem.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final Integer line;
    private final String key;
    private final List<String> problems;

    ConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::message).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        Problem first = problems.get(0);
        this.file = first.file();
        this.line = first.line();
        this.key = first.key();
        this.problems = problems.stream().map(Problem::message).collect(Collectors.toUnmodifiableList());
    }

    ConfigException(Problem problem) {
        this(List.of(problem));
    }

    /** The config file of the first problem, or null when it is not about the file. */
    public Path file() {
        return file;
    }

    /** The 1-based line of the first problem in {@link #file()}, or null. */
    public Integer line() {
        return line;
    }

    /** The key of the first problem, or null (a TOML syntax error, an unreadable file). */
    public String key() {
        return key;
    }

    /** Every problem, one line each, first problem first. */
    public List<String> problems() {
        return problems;
    }
}
