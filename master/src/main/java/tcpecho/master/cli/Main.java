package tcpecho.master.cli;

import java.io.PrintWriter;
import java.util.OptionalInt;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import tcpecho.config.SettingRows;
import tcpecho.master.os.JnrPosix;

/** Entry point of bin/tcp-echo-master. Exit codes: 0 ok, 1 failure, 2 usage, 3 not running. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (StartCommand.runsTheMaster(args, System.getenv())) {
            JnrPosix.loadInBackground();
        }
        OptionalInt plain = PlainClientArgs.run(args);
        System.exit(plain.isPresent() ? plain.getAsInt() : commandLine(args).execute(args));
    }

    /**
     * The command line to run {@code args} with: only the subcommand {@code args[0]} names, or all
     * of them when it names none (the root's help, an unknown name and its "Did you mean").
     * picocli reads every subcommand's annotations when it is added, and start and check take one
     * flag per setting row: building all of them was 0.8-1.2 s of `status`'s 2 s on a loaded
     * machine, while the subcommand that runs parses and reports exactly as in the whole model.
     */
    static CommandLine commandLine(String... args) {
        String first = args.length > 0 ? args[0] : null;
        for (Class<?> subcommand : TcpEchoMasterCommand.SUBCOMMANDS) {
            if (subcommand.getAnnotation(Command.class).name().equals(first)) {
                return commandLine(SettingRows.STANDARD, subcommand);
            }
        }
        return commandLine(SettingRows.STANDARD, null);
    }

    /** The command line for {@code rows} with every subcommand: start and check take one flag per row. */
    static CommandLine commandLine(SettingRows rows) {
        return commandLine(rows, null);
    }

    /** {@code only}: the one subcommand to add, or null for all. */
    private static CommandLine commandLine(SettingRows rows, Class<?> only) {
        CommandLine commandLine = new CommandLine(new TcpEchoMasterCommand(rows));
        for (Class<?> subcommand : TcpEchoMasterCommand.SUBCOMMANDS) {
            if (only == null || only == subcommand) {
                commandLine.addSubcommand(subcommand);
            }
        }
        for (String withSettings : new String[] {"start", "check"}) {
            CommandLine sub = commandLine.getSubcommands().get(withSettings);
            if (sub != null) {
                SettingFlags.addTo(sub.getCommandSpec(), rows);
            }
        }
        for (CommandLine sub : commandLine.getSubcommands().values()) {
            SettingFlags.describeFromRows(sub.getCommandSpec(), rows);
            // fault's add, list, remove and clear take -p and --control-socket too.
            for (CommandLine nested : sub.getSubcommands().values()) {
                SettingFlags.describeFromRows(nested.getCommandSpec(), rows);
            }
        }
        commandLine.setParameterExceptionHandler(Main::usageError);
        commandLine.setExitCodeExceptionMapper(failure -> ExitCode.FAILURE);
        return commandLine;
    }

    /**
     * A usage error, whether picocli found it or a subcommand threw it: the message, picocli's
     * "Did you mean" for a mistyped name, and where the help is, not the whole usage (start's is
     * ~70 lines, which scrolled the one useful line away).
     */
    private static int usageError(ParameterException invalid, String[] args) {
        CommandLine command = invalid.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(invalid.getMessage());
        UnmatchedArgumentException.printSuggestions(invalid, err);
        err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'");
        return ExitCode.USAGE;
    }
}
