package tcpecho.config;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import tcpecho.common.launch.WorkerArgValue;

/**
 * One setting, described once: its key (which also names its environment variable, its flag and its
 * worker argument), its rule, its default, its help and where it applies. {@link SettingRows} lists
 * them; the config file's keys, the environment, the {@code start}/{@code check} flags, {@code
 * check}'s table, the sample config's defaults and the worker's arguments are all read from there.
 */
public final class SettingRow {
    /** Where a setting takes effect. */
    public enum Scope {
        /** The master reads it (timeouts, files, the supervisor's sockets). */
        MASTER,
        /** Every worker gets it as {@code --KEY VALUE} on its command line. */
        WORKER,
        /** It is the default of the listener option of the same name. */
        LISTENER
    }

    /** Which commands take the setting as a flag. */
    public enum FlagOn {
        /** {@code start} and {@code check}: the flag is made from this row. */
        START_AND_CHECK,
        /** Every command, as it also finds the master: declared in the CLI's ConfigOptions, held to this row by a test. */
        EVERY_COMMAND
    }

    /** What a rule needs to know of the machine: the CPU count that {@code workers = "auto"} resolves to. */
    public interface RuleFactory {
        Rule<?> rule(String key, int availableProcessors);
    }

    /** A default computed from the effective port and runtime directory (the control socket, the pid file). */
    public interface DerivedDefault {
        String text(int port, Path runtimeDir);
    }

    private final String key;
    private final RuleFactory rule;
    private final String defaultText;
    private final DerivedDefault derivedDefault;
    private final Set<Scope> scopes;
    private final Flag flag;
    private final String emptyMeans;

    /**
     * The flag's form.
     *
     * @param shortName   e.g. {@code -b}, or null
     * @param paramLabel  what the help shows for the value, e.g. {@code SIZE}
     * @param help        one sentence without the default, e.g. {@code Unsent echo bytes held per connection}
     * @param helpDefault how the help shows the default, {@code {}} standing for it: {@code {} = never};
     *                    null when the help does not show it
     * @param helpTail    a sentence after the default, or ""
     */
    public record Flag(FlagOn on, String shortName, String paramLabel, String help, String helpDefault, String helpTail) {
        public Flag {
            Objects.requireNonNull(on, "on");
            Objects.requireNonNull(paramLabel, "paramLabel");
            Objects.requireNonNull(help, "help");
            Objects.requireNonNull(helpTail, "helpTail");
        }
    }

    private SettingRow(Builder b) {
        this.key = Objects.requireNonNull(b.key, "key");
        this.rule = Objects.requireNonNull(b.rule, "rule of " + b.key);
        this.defaultText = b.defaultText;
        this.derivedDefault = b.derivedDefault;
        this.scopes = Set.copyOf(b.scopes);
        this.flag = Objects.requireNonNull(b.flag, "flag of " + b.key);
        this.emptyMeans = b.emptyMeans;
        if ((defaultText == null) == (derivedDefault == null)) {
            throw new IllegalArgumentException(key + " needs a default or a derived default, not both");
        }
        if (scopes.isEmpty()) {
            throw new IllegalArgumentException(key + " applies nowhere");
        }
    }

    /** A row for {@code key} whose rule does not depend on the machine. */
    public static Builder of(String key, Function<String, Rule<?>> rule) {
        return new Builder(key, (k, cpus) -> rule.apply(k));
    }

    /** A row for {@code key} whose rule needs the machine's CPU count. */
    public static Builder perMachine(String key, RuleFactory rule) {
        return new Builder(key, rule);
    }

    public String key() {
        return key;
    }

    /** {@code max-unsent} is {@code TCP_ECHO_MAX_UNSENT}. */
    public String envName() {
        return Keys.envName(key);
    }

    /** {@code max-unsent} is {@code --max-unsent}, for the CLI and the worker alike. */
    public String flagName() {
        return Keys.flagName(key);
    }

    public Flag flag() {
        return flag;
    }

    /** The flag's help: the sentence, the default as the row says, then the tail. */
    public String flagDescription() {
        if (flag.helpDefault() == null) {
            return flag.help() + "." + flag.helpTail();
        }
        String shown = defaultText != null ? defaultText : "";
        return flag.help() + " (default: " + flag.helpDefault().replace("{}", shown) + ")." + flag.helpTail();
    }

    Rule<?> rule(int availableProcessors) {
        return rule.rule(key, availableProcessors);
    }

    /** The default as it would be written in the file, or null when it is derived. */
    public String defaultText() {
        return defaultText;
    }

    public boolean isDerived() {
        return derivedDefault != null;
    }

    String derivedDefault(int port, Path runtimeDir) {
        return derivedDefault.text(port, runtimeDir);
    }

    public boolean appliesTo(Scope scope) {
        return scopes.contains(scope);
    }

    /** What {@code check} adds after an empty value, e.g. {@code stdout} for {@code log-file = ""}; or null. */
    String emptyMeans() {
        return emptyMeans;
    }

    /**
     * What the worker's command line carries for this setting: {@code --KEY VALUE} when it applies to
     * the worker and has a value, else nothing (an unset {@code log-file} means standard output).
     */
    public List<String> workerArgument(Object value) {
        if (!appliesTo(Scope.WORKER) || value == null) {
            return List.of();
        }
        return List.of(flagName(), WorkerArgValue.encode(value));
    }

    @Override
    public String toString() {
        return key;
    }

    /** Fills one row; {@link #flag} ends it. */
    public static final class Builder {
        private final String key;
        private final RuleFactory rule;
        private String defaultText;
        private DerivedDefault derivedDefault;
        private final Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        private String emptyMeans;
        private String shortName;
        private String helpDefault = "{}";
        private String helpTail = "";
        private FlagOn flagOn = FlagOn.START_AND_CHECK;
        private Flag flag;

        private Builder(String key, RuleFactory rule) {
            this.key = key;
            this.rule = rule;
        }

        public Builder byDefault(String text) {
            this.defaultText = text;
            return this;
        }

        public Builder derivedDefault(DerivedDefault derived) {
            this.derivedDefault = derived;
            return this;
        }

        public Builder appliesTo(Scope first, Scope... more) {
            scopes.add(first);
            scopes.addAll(List.of(more));
            return this;
        }

        /** What {@code check} shows after an empty value: {@code "" (stdout)}. */
        public Builder emptyMeans(String meaning) {
            this.emptyMeans = meaning;
            return this;
        }

        public Builder shortFlag(String name) {
            this.shortName = name;
            return this;
        }

        /** How the help shows the default, {@code {}} standing for it; the default itself when not given, none for null. */
        public Builder helpDefault(String template) {
            this.helpDefault = template;
            return this;
        }

        /** A sentence the help adds after the default. */
        public Builder helpTail(String sentence) {
            this.helpTail = " " + sentence;
            return this;
        }

        /** The flag is declared by every command (it also finds the master), not made from this row. */
        public Builder onEveryCommand() {
            this.flagOn = FlagOn.EVERY_COMMAND;
            return this;
        }

        public SettingRow flag(String paramLabel, String help) {
            this.flag = new Flag(flagOn, shortName, paramLabel, help, helpDefault, helpTail);
            return new SettingRow(this);
        }
    }
}
