package tcpecho.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import tcpecho.common.launch.Protocol;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;
import tcpecho.config.Rule.InvalidValue;
import tcpecho.config.Rule.Parsed;

/**
 * Merges defaults, the config file, the environment and flags (each beating the one before) into
 * {@link Settings}. The master keeps one loader and the flags it started with, and calls {@link
 * #load} again on reload: the file is re-read while flags and environment still win.
 */
public final class SettingsLoader {
    private final SettingRows rows;
    private final Map<String, String> env;
    private final Map<String, Rule<?>> rules = new LinkedHashMap<>();
    private final Supplier<Path> runtimeDirFallback;

    /**
     * @param env                 the environment, captured once (System.getenv() is never read here)
     * @param availableProcessors what {@code workers = "auto"} resolves to
     * @param runtimeDirFallback  the runtime directory when XDG_RUNTIME_DIR is unset
     */
    public SettingsLoader(Map<String, String> env, int availableProcessors, Supplier<Path> runtimeDirFallback) {
        this(SettingRows.STANDARD, env, availableProcessors, runtimeDirFallback);
    }

    /** @param rows the settings there are */
    public SettingsLoader(SettingRows rows, Map<String, String> env, int availableProcessors,
                          Supplier<Path> runtimeDirFallback) {
        this.rows = rows;
        this.env = Map.copyOf(env);
        rows.all().forEach(row -> rules.put(row.key(), row.rule(availableProcessors)));
        this.runtimeDirFallback = runtimeDirFallback;
    }

    /** A loader for this JVM: its environment, its processors, {@code /tmp/tcp-echo-master-<uid>}. */
    public static SettingsLoader forThisProcess(SettingRows rows) {
        return new SettingsLoader(rows, System.getenv(), Runtime.getRuntime().availableProcessors(),
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
        return load(configFileOrNull, flags, ListenFlags.NONE);
    }

    /** As {@link #load(Path, Map)}, with {@code start}'s {@code --listen} and {@code --dump}. */
    public Settings load(Path configFileOrNull, Map<String, String> flags, ListenFlags listen) throws ConfigException {
        Path cwd = Path.of("").toAbsolutePath();
        Path file = configFileOrNull == null ? null : cwd.resolve(configFileOrNull).normalize();
        List<Problem> problems = new ArrayList<>();

        List<Problem> fileProblems = new ArrayList<>();
        Map<String, Setting<?>> fromFile = Map.of();
        List<ListenerSet.Declared> fileListeners = List.of();
        if (file != null) {
            ConfigFile.Contents contents = ConfigFile.read(file, rows);
            fileProblems.addAll(contents.problems());
            fileListeners = contents.listeners();
            fromFile = settle(contents.values().values(), fileProblems);
            fileProblems.sort(Comparator.comparing(Problem::line, Comparator.nullsFirst(Comparator.naturalOrder())));
        }
        problems.addAll(fileProblems);
        Map<String, Setting<?>> fromEnv = settle(EnvLayer.candidates(rows, env, cwd), problems);
        Map<String, Setting<?>> fromFlags = settle(flagCandidates(flags, cwd, problems), problems);
        List<ListenerSet.Declared> flagListeners = listenFlags(listen, problems);
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        Map<String, Setting<?>> effective = merge(cwd, List.of(fromFlags, fromEnv, fromFile));
        List<Listener> listeners = listeners(effective, fileListeners, flagListeners, listen.dump());
        deriveDefaults(cwd, effective, listeners);
        return new Settings(rows, file, effective, listeners, !fileListeners.isEmpty() || !flagListeners.isEmpty());
    }

    private static List<ListenerSet.Declared> listenFlags(ListenFlags listen, List<Problem> problems) {
        List<ListenerSet.Declared> declared = new ArrayList<>();
        for (String spec : listen.specs()) {
            try {
                declared.add(new ListenerSet.Declared(ListenFlag.parse(spec), spec, null, null));
            } catch (InvalidValue e) {
                problems.add(new Problem(null, null, ListenFlag.KEY, ListenFlag.FLAG, e.getMessage()));
            }
        }
        return declared;
    }

    /**
     * The listeners in effect: {@code --listen} if given, else the file's {@code [[listener]]}
     * tables, else one echo listener on {@code bind} and {@code port}. The file's are checked even
     * when flags replace them, as every other value is.
     */
    private static List<Listener> listeners(Map<String, Setting<?>> effective, List<ListenerSet.Declared> fromFile,
                                            List<ListenerSet.Declared> fromFlags, boolean dump) throws ConfigException {
        String bind = (String) effective.get(Keys.BIND).value();
        List<Problem> problems = new ArrayList<>();
        List<Listener> file = ListenerSet.settle(fromFile, bind, problems);
        List<Listener> flags = ListenerSet.settle(fromFlags, bind, problems);
        List<Listener> chosen = !flags.isEmpty() ? flags : file;
        if (chosen.isEmpty()) {
            Setting<?> port = effective.get(Keys.PORT);
            chosen = List.of(Listener.implicitEcho(bind, (Integer) port.value(), port.where()));
        }
        if (dump) {
            if (chosen.stream().noneMatch(l -> l.protocol() == Protocol.PROXY)) {
                problems.add(new Problem(null, null, "dump", "--dump", "no proxy listener to dump; declare one,"
                        + " e.g. --listen proxy:6479=127.0.0.1:6379"));
            }
            chosen = chosen.stream().map(l -> l.protocol() == Protocol.PROXY ? l.dumpingToLog() : l).toList();
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        AccessList access = (AccessList) effective.get(Keys.ACCESS).value();
        int maxPerIp = (Integer) effective.get(Keys.MAX_CONNECTIONS_PER_IP).value();
        Rate ratePerIp = (Rate) effective.get(Keys.CONNECT_RATE_PER_IP).value();
        boolean loopGuard = (Boolean) effective.get(Keys.UDP_LOOP_GUARD).value();
        Rate perSource = (Rate) effective.get(Keys.UDP_RATE_PER_SOURCE).value();
        return chosen.stream().map(l -> l.withTopLevel(access, maxPerIp, ratePerIp, loopGuard, perSource)).toList();
    }

    /** Takes each key from the first layer that has it, highest precedence first, else its default. */
    private Map<String, Setting<?>> merge(Path cwd, List<Map<String, Setting<?>>> layers) throws ConfigException {
        Map<String, Setting<?>> effective = new LinkedHashMap<>();
        for (String key : rows.keys()) {
            layers.stream().filter(layer -> layer.containsKey(key)).findFirst()
                    .ifPresent(layer -> effective.put(key, layer.get(key)));
        }
        List<Problem> problems = new ArrayList<>();
        for (SettingRow row : rows.all()) {
            if (!effective.containsKey(row.key()) && !row.isDerived()) {
                effective.put(row.key(), settleOne(Candidate.byDefault(row.key(), row.defaultText(), cwd), problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return effective;
    }

    /**
     * The control socket and pid file are named after a port, so masters on two ports never collide:
     * the {@code port} setting when it was given, else the first listener's (which is {@code port}'s
     * default when no listener is declared). So {@code start --listen echo:9000} is found by
     * {@code status -p 9000}, and {@code start -p 9000 --listen ...} by the same.
     */
    private void deriveDefaults(Path cwd, Map<String, Setting<?>> effective, List<Listener> listeners)
            throws ConfigException {
        List<Problem> problems = new ArrayList<>();
        Setting<?> portSetting = effective.get(Keys.PORT);
        int port = portSetting.source() == Source.DEFAULT ? listeners.get(0).port() : (Integer) portSetting.value();
        Path runtimeDir = RuntimeDir.of(env, runtimeDirFallback);
        for (SettingRow row : rows.all()) {
            if (!effective.containsKey(row.key())) {
                String text = row.derivedDefault(port, runtimeDir);
                effective.put(row.key(), settleOne(Candidate.byDefault(row.key(), text, cwd), problems));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems.stream()
                    .map(p -> new Problem(p.file(), p.line(), p.key(), p.where(),
                            p.what() + "; set " + p.key() + " or XDG_RUNTIME_DIR to something shorter"))
                    .toList());
        }
    }

    private List<Candidate> flagCandidates(Map<String, String> flags, Path cwd, List<Problem> problems) {
        List<Candidate> candidates = new ArrayList<>();
        for (String key : rows.keys()) {
            if (flags.containsKey(key)) {
                String text = flags.get(key);
                candidates.add(Candidate.fromFlag(key, text == null ? "" : text, cwd));
            }
        }
        flags.keySet().stream().filter(key -> !rows.isKnown(key)).sorted().forEach(key ->
                problems.add(new Problem(null, null, key, Keys.flagName(key), UnknownKeys.message(key, rows.keys()))));
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
