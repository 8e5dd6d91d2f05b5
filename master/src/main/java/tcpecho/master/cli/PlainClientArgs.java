package tcpecho.master.cli;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import tcpecho.config.ConfigException;

/**
 * status, reload and reopen run without picocli when their arguments are plain: building picocli's
 * model (annotation proxies, its type converters, the usage help) was ~55 of {@code status --json}'s
 * ~120 ms. Plain means: each argument names one of the options below, each option at most once, its
 * value in the next argument or after '=' (long names only), no value that looks like an option or
 * an @file, a port in plain decimal. Anything else, and any config error, goes to picocli (Main), so
 * help, usage errors, their messages and exit codes stay picocli's alone. PlainClientArgsTest checks
 * that both read a plain command line alike, and that other command lines go to picocli.
 */
final class PlainClientArgs {
    /** Each option's names to the name that stands for it. */
    private static final Map<String, String> OPTIONS = Map.of("-c", "--config", "--config", "--config",
            "-p", "--port", "--port", "--port", "--control-socket", "--control-socket", "--json", "--json");
    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,8}");

    private PlainClientArgs() {
    }

    /** The exit code of the command {@code args} name, when they are plain and its config is valid. */
    static OptionalInt run(String... args) {
        ControlCommand command = parse(args);
        if (command == null) {
            return OptionalInt.empty();
        }
        Path socket;
        try {
            socket = command.target.controlSocket();
        } catch (ConfigException invalid) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(command.send(socket));
        } catch (RuntimeException bug) {
            // As picocli reports what a command throws: the stack trace, exit 1.
            bug.printStackTrace();
            return OptionalInt.of(ExitCode.FAILURE);
        }
    }

    /** The command {@code args} name with its fields set as picocli sets them, or null if they are not plain. */
    static ControlCommand parse(String... args) {
        ControlCommand command = args.length == 0 ? null : switch (args[0]) {
            case "status" -> new StatusCommand();
            case "reload" -> new ReloadCommand();
            case "reopen" -> new ReopenCommand();
            default -> null;
        };
        if (command == null) {
            return null;
        }
        command.target = new ConfigOptions();
        Set<String> given = new HashSet<>();
        for (int i = 1; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            boolean attached = args[i].startsWith("--") && equals > 0;
            String option = OPTIONS.get(attached ? args[i].substring(0, equals) : args[i]);
            if (option == null || !given.add(option)) {
                return null;
            }
            if (option.equals("--json")) {
                if (attached || !(command instanceof StatusCommand status)) {
                    return null;
                }
                status.json = true;
                continue;
            }
            String value = attached ? args[i].substring(equals + 1) : i + 1 < args.length ? args[++i] : "";
            if (value.isEmpty() || value.startsWith("-") || value.startsWith("@")
                    || !set(command.target, option, value)) {
                return null;
            }
        }
        return command;
    }

    private static boolean set(ConfigOptions target, String option, String value) {
        if (value.indexOf('\0') >= 0) {
            return false;
        }
        switch (option) {
            case "--port" -> {
                if (!PORT.matcher(value).matches()) {
                    return false;
                }
                target.port = Integer.valueOf(value);
            }
            case "--config" -> target.configFile = Path.of(value);
            default -> target.controlSocket = Path.of(value);
        }
        return true;
    }
}
