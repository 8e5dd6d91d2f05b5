package tcpecho.config;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.tomlj.TomlArray;
import tcpecho.common.launch.Rate;
import tcpecho.common.net.AccessList;
import tcpecho.common.log.Level;
import tcpecho.common.log.LogFormat;
import tcpecho.config.Rule.InvalidValue;
import tcpecho.config.Rule.Parsed;

/** The rule each kind of key follows; every message starts with the key's own name. */
public final class Rules {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("[+-]?\\d{1,18}");

    private Rules() {
    }

    public static Rule<Integer> wholeNumber(String key, int min, int max) {
        return c -> {
            Long n = wholeNumberIn(c);
            if (n == null) {
                throw new InvalidValue(key + " must be a whole number between " + min + " and " + max
                        + " (got " + c.shown() + ")");
            }
            if (n < min || n > max) {
                throw new InvalidValue(key + " must be between " + min + " and " + max + " (got " + n + ")");
            }
            return new Parsed<>(n.intValue(), Long.toString(n));
        };
    }

    /** {@code "auto"} resolves to {@code auto}, kept apart from the text so {@code check} shows both. */
    public static Rule<Integer> countOrAuto(String key, int min, int max, int auto) {
        return c -> {
            String rule = key + " must be \"auto\" or a whole number between " + min + " and " + max;
            if (c.raw() instanceof String && ((String) c.raw()).trim().equalsIgnoreCase("auto")) {
                return new Parsed<>(Math.max(min, Math.min(max, auto)), "auto");
            }
            Long n = wholeNumberIn(c);
            if (n == null || n < min || n > max) {
                throw new InvalidValue(rule + " (got " + c.shown() + ")");
            }
            return new Parsed<>(n.intValue(), Long.toString(n));
        };
    }

    public static Rule<String> bindAddress(String key) {
        return c -> {
            String text = c.raw() instanceof String ? ((String) c.raw()).trim() : null;
            if (text == null || (!text.equals("*") && BindAddresses.literal(text) == null)) {
                throw new InvalidValue(key + " must be \"*\" (all interfaces) or a literal IPv4 or IPv6 address,"
                        + " not a host name (got " + c.shown() + ")");
            }
            return new Parsed<>(text, text);
        };
    }

    /**
     * A path, relative ones resolved against the file's directory or the current one. The result is
     * therefore always absolute, which the control socket needs: the master and {@code
     * tcp-echo-master reload} may run from different directories.
     *
     * @param maxBytes the longest path allowed in UTF-8 bytes, or 0 for no limit
     */
    public static Rule<Path> path(String key, boolean emptyMeansNone, int maxBytes) {
        return c -> {
            if (!(c.raw() instanceof String)) {
                throw new InvalidValue(key + " must be a path in quotes (got " + c.shown() + ")");
            }
            String text = (String) c.raw();
            if (text.isEmpty()) {
                if (emptyMeansNone) {
                    return new Parsed<>(null, "");
                }
                throw new InvalidValue(key + " must be a path (got \"\")");
            }
            Path resolved;
            try {
                resolved = c.base().resolve(text).normalize();
            } catch (InvalidPathException e) {
                throw new InvalidValue(key + " must be a valid path (got " + c.shown() + ": " + e.getReason() + ")");
            }
            int bytes = resolved.toString().getBytes(StandardCharsets.UTF_8).length;
            if (maxBytes > 0 && bytes > maxBytes) {
                throw new InvalidValue(key + " must be a path of at most " + maxBytes + " bytes (got " + bytes
                        + " bytes: " + resolved + ")");
            }
            return new Parsed<>(resolved, resolved.toString());
        };
    }

    public static Rule<Level> level(String key) {
        return c -> {
            try {
                if (c.raw() instanceof String) {
                    Level level = Level.parse((String) c.raw());
                    return new Parsed<>(level, level.label());
                }
            } catch (IllegalArgumentException unknown) {
                // Level.parse names the level but not the key; the message below names both.
            }
            throw new InvalidValue(key + " must be one of " + Level.accepted() + " (got " + c.shown() + ")");
        };
    }

    public static Rule<Duration> duration(String key, Duration min, Duration max) {
        return c -> {
            Duration d = null;
            String got = c.shown();
            if (c.typed() && c.raw() instanceof Long) {
                d = Duration.ofSeconds((Long) c.raw());
                got = c.raw() + "s";
            } else if (c.raw() instanceof String) {
                d = Durations.parse((String) c.raw());
                got = ((String) c.raw()).trim();
            }
            if (d == null) {
                throw new InvalidValue(key + " must be " + Durations.ACCEPTED + " (got " + c.shown() + ")");
            }
            if (d.compareTo(min) < 0) {
                throw new InvalidValue(key + " must be at least " + Durations.format(min) + " (got " + got + ")");
            }
            if (d.compareTo(max) > 0) {
                throw new InvalidValue(key + " must be at most " + Durations.format(max) + " (got " + got + ")");
            }
            return new Parsed<>(d, Durations.format(d));
        };
    }

    /** A TOML boolean, or {@code true}/{@code false} from env or a flag. */
    public static Rule<Boolean> bool(String key) {
        return c -> {
            Boolean b = null;
            if (c.typed() && c.raw() instanceof Boolean) {
                b = (Boolean) c.raw();
            } else if (!c.typed()) {
                String text = ((String) c.raw()).trim().toLowerCase(java.util.Locale.ROOT);
                b = text.equals("true") ? Boolean.TRUE : text.equals("false") ? Boolean.FALSE : null;
            }
            if (b == null) {
                throw new InvalidValue(key + " must be true or false (got " + c.shown() + ")");
            }
            return new Parsed<>(b, b.toString());
        };
    }

    /** A byte count: a TOML integer, or {@code "64KiB"}, {@code "1MiB"} or plain digits. */
    public static Rule<Integer> size(String key, long min, long max) {
        return c -> {
            Long n = c.typed() && c.raw() instanceof Long ? (Long) c.raw()
                    : c.raw() instanceof String ? Sizes.parse((String) c.raw()) : null;
            if (n == null) {
                throw new InvalidValue(key + " must be " + Sizes.ACCEPTED + " (got " + c.shown() + ")");
            }
            if (n < min || n > max) {
                throw new InvalidValue(key + " must be between " + Sizes.format(min) + " and " + Sizes.format(max)
                        + " (got " + Sizes.format(n) + ")");
            }
            return new Parsed<>((int) (long) n, Sizes.format(n));
        };
    }

    /** {@code "off"}, {@code "auto"} or a CPU list such as {@code "0,1"}. */
    public static Rule<CpuAffinity> cpuAffinity(String key) {
        return c -> {
            String rule = key + " must be \"off\", \"auto\" or a list of CPU numbers 0.." + CpuAffinity.MAX_CPU
                    + " like \"0,1\"";
            if (!(c.raw() instanceof String)) {
                throw new InvalidValue(rule + " (got " + c.shown() + ")");
            }
            try {
                CpuAffinity affinity = CpuAffinity.parse((String) c.raw());
                return new Parsed<>(affinity, affinity.text());
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(rule + " (got " + c.shown() + ": " + e.getMessage() + ")");
            }
        };
    }

    /** {@code ""} (off) or {@code ADDRESS:PORT}, e.g. {@code "127.0.0.1:9145"}, {@code "[::1]:9145"}, {@code "*:9145"}. */
    public static Rule<InetSocketAddress> socketAddressOrOff(String key) {
        return c -> {
            String rule = key + " must be \"\" (off) or ADDRESS:PORT with a literal IP address or *, like"
                    + " \"127.0.0.1:9145\" (got " + c.shown() + ")";
            if (!(c.raw() instanceof String)) {
                throw new InvalidValue(rule);
            }
            String text = ((String) c.raw()).trim();
            if (text.isEmpty()) {
                return new Parsed<>(null, "");
            }
            InetSocketAddress address = SocketAddresses.parse(text);
            if (address == null) {
                throw new InvalidValue(rule);
            }
            return new Parsed<>(address, text);
        };
    }

    public static Rule<LogFormat> logFormat(String key) {
        return c -> {
            LogFormat format = c.raw() instanceof String ? LogFormat.parse((String) c.raw()) : null;
            if (format == null) {
                throw new InvalidValue(key + " must be one of " + LogFormat.accepted() + " (got " + c.shown() + ")");
            }
            return new Parsed<>(format, format.label());
        };
    }

    /** {@code "100/s"}, {@code "6000/m"} or {@code "off"}. */
    public static Rule<Rate> rate(String key) {
        return c -> {
            Rate rate = c.raw() instanceof String ? Rate.parse((String) c.raw()) : null;
            if (rate == null) {
                throw new InvalidValue(key + " must be " + Rate.ACCEPTED + " (got " + c.shown() + ")");
            }
            return new Parsed<>(rate, rate.toString());
        };
    }

    /**
     * An access list: in a file an array of rules ({@code ["allow 10.0.0.0/8", "deny all"]}) or one
     * string; from env or a flag the rules separated by commas. {@code ""} (the default) allows everyone.
     */
    public static Rule<AccessList> access(String key) {
        return c -> {
            String rule = key + " must be a list of " + AccessList.ACCEPTED;
            List<String> entries = strings(c, rule);
            try {
                AccessList list = AccessList.parse(entries.stream().filter(e -> !e.isBlank()).toList());
                return new Parsed<>(list, list.toString());
            } catch (IllegalArgumentException e) {
                throw new InvalidValue(rule + " (got " + e.getMessage() + ")");
            }
        };
    }

    /**
     * The entries of a list key: in a file an array of strings or one string, from env or a flag one
     * string, a string split at its commas (entries untrimmed). Anything else throws {@code rule}
     * with what was given.
     */
    static List<String> strings(Candidate c, String rule) throws InvalidValue {
        List<String> entries = new ArrayList<>();
        if (c.raw() instanceof TomlArray array) {
            for (Object entry : array.toList()) {
                if (!(entry instanceof String text)) {
                    throw new InvalidValue(rule + " (got " + c.shown() + " holding " + entry + ")");
                }
                entries.add(text);
            }
        } else if (c.raw() instanceof String text) {
            entries.addAll(List.of(text.split(",")));
        } else {
            throw new InvalidValue(rule + " (got " + c.shown() + ")");
        }
        return entries;
    }

    /** A TOML integer, or digits from env or a flag; null for anything else. */
    private static Long wholeNumberIn(Candidate c) {
        if (c.typed()) {
            return c.raw() instanceof Long ? (Long) c.raw() : null;
        }
        String text = ((String) c.raw()).trim();
        return WHOLE_NUMBER.matcher(text).matches() ? Long.parseLong(text) : null;
    }
}
