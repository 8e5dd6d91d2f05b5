package tcpecho.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tcpecho.config.Rule.InvalidValue;
import tcpecho.config.Rule.Parsed;

/**
 * Merges defaults, the config file, the environment and flags (each beating the one before) into
 * {@link Settings}. The master keeps one loader and the flags it started with, and calls {@link
 * #load} again on reload: the file is re-read while flags and environment still win.
 */
public final class SettingsLoader {
    private final Map<String, String> env;
    private final Map<String, Rule<?>> rules;
    private final Supplier<Path> runtimeDirFallback;

    /**
     * @param env                 the environment, captured once (System.getenv() is never read here)
     * @param availableProcessors what {@code workers = "auto"} resolves to
     * @param runtimeDirFallback  the runtime directory when XDG_RUNTIME_DIR is unset
     */
    public SettingsLoader(Map<String, String> env, int availableProcessors, Supplier<Path> runtimeDirFallback) {
        this.env = Map.copyOf(env);
        this.rules = KeyTable.rules(availableProcessors);
        this.runtimeDirFallback = runtimeDirFallback;
    }

    /** A loader for this JVM: its environment, its processors, {@code /tmp/tcp-echo-master-<uid>}. */
    public static SettingsLoader forThisProcess() {
        return new SettingsLoader(System.getenv(), Runtime.getRuntime().availableProcessors(),
                RuntimeDir::tmpFallback);
    }

    /**
     * Every value given is checked, also one that a higher layer overrides: otherwise a typo in the
     * file would hide until the day the flag covering it is dropped.
     *
     * @param configFileOrNull the TOML file; relative paths in it resolve against its directory
     * @param flags            key to raw text, e.g. {@code port -> "9000"}
     */
    public Settings load(Path configFileOrNull, Map<String, String> flags) throws ConfigException {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = configFileOrNull == null ? null : cwd.resolve(configFileOrNull).normalize();
        List<Problem> problems = new ArrayList<>();

        List<Problem> fileProblems = new ArrayList<>();
        Map<String, Setting<?>> fromFile = Map.of();
        if (file != null) {
            ConfigFile.Contents contents = ConfigFile.read(file);
            fileProblems.addAll(contents.unknownKeys());
            fromFile = settle(contents.values().values(), fileProblems);
            fileProblems.sort(Comparator.comparing(Problem::line, Comparator.nullsFirst(Comparator.naturalOrder())));
        }
        problems.addAll(fileProblems);
        Map<String, Setting<?>> fromEnv = settle(EnvLayer.candidates(env, cwd), problems);
        Map<String, Setting<?>> fromFlags = settle(flagCandidates(flags, cwd, problems), problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Settings(file, merge(cwd, List.of(fromFlags, fromEnv, fromFile)));
    }

    /** Takes each key from the first layer that has it, highest precedence first, else its default. */
    private Map<String, Setting<?>> merge(Path cwd, List<Map<String, Setting<?>>> layers) throws ConfigException {
        Map<String, Setting<?>> effective = new LinkedHashMap<>();
        for (String key : Keys.ALL) {
            layers.stream().filter(layer -> layer.containsKey(key)).findFirst()
                    .ifPresent(layer -> effective.put(key, layer.get(key)));
        }
        List<Problem> problems = new ArrayList<>();
        for (String key : Keys.ALL) {
            if (!effective.containsKey(key) && !KeyTable.isDerived(key)) {
                effective.put(key, settleOne(Candidate.byDefault(key, KeyTable.fixedDefault(key), cwd), problems));
            }
        }
        // Derived after the rest: they depend on the effective port.
        int port = (Integer) effective.get(Keys.PORT).value();
        Path runtimeDir = RuntimeDir.of(env, runtimeDirFallback);
        for (String key : Keys.ALL) {
            if (!effective.containsKey(key)) {
                String text = KeyTable.derivedDefault(key, port, runtimeDir);
                effective.put(key, settleOne(Candidate.byDefault(key, text, cwd), problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream()
                    .map(p -> new Problem(p.file(), p.line(), p.key(), p.where(),
                            p.what() + "; set " + p.key() + " or XDG_RUNTIME_DIR to something shorter"))
                    .toList());
        }
        return effective;
    }

    private List<Candidate> flagCandidates(Map<String, String> flags, Path cwd, List<Problem> problems) {
        List<Candidate> candidates = new ArrayList<>();
        for (String key : Keys.ALL) {
            if (flags.containsKey(key)) {
                String text = flags.get(key);
                candidates.add(Candidate.fromFlag(key, text == null ? "" : text, cwd));
            }
        }
        flags.keySet().stream().filter(key -> !Keys.isKnown(key)).sorted().forEach(key ->
                problems.add(new Problem(null, null, key, Keys.flagName(key), UnknownKeys.message(key))));
        return candidates;
    }

    /** Validates each candidate; a bad one becomes a problem, a good one a setting. */
    private Map<String, Setting<?>> settle(Iterable<Candidate> candidates, List<Problem> problems) {
        Map<String, Setting<?>> settled = new LinkedHashMap<>();
        for (Candidate c : candidates) {
            Setting<?> setting = settleOne(c, problems);
            if (setting != null) {
                settled.put(c.key(), setting);
            }
        }
        return settled;
    }

    private Setting<?> settleOne(Candidate c, List<Problem> problems) {
        try {
            Parsed<?> parsed = rules.get(c.key()).parse(c);
            return new Setting<>(c.key(), parsed.value(), parsed.text(), c.source(), c.origin());
        } catch (InvalidValue e) {
            problems.add(c.problem(e.getMessage()));
            return null;
        }
    }
}
