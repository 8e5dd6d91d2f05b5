package tcpecho.master.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;
import tcpecho.config.SettingRows;

/** Entry point of bin/tcp-echo-master. Exit codes: 0 ok, 1 failure, 2 usage, 3 not running. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return commandLine(SettingRows.STANDARD);
    }

    /** The command line for {@code rows}: start and check take one flag per row. */
    static CommandLine commandLine(SettingRows rows) {
        CommandLine commandLine = new CommandLine(new TcpEchoMasterCommand(rows));
        for (String withSettings : new String[] {"start", "check"}) {
            SettingFlags.addTo(commandLine.getSubcommands().get(withSettings).getCommandSpec(), rows);
        }
        commandLine.getSubcommands().values().forEach(sub -> SettingFlags.describeFromRows(sub.getCommandSpec(), rows));
        // fault's add, list, remove and clear take -p and --control-socket too.
        commandLine.getSubcommands().get("fault").getSubcommands().values()
                .forEach(sub -> SettingFlags.describeFromRows(sub.getCommandSpec(), rows));
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
