package tcpecho.master.cli;

import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import tcpecho.config.SettingRows;

@Command(name = "tcp-echo-master", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "An NGINX-style master/worker TCP echo server (RFC 862) on the JVM.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:ok", "1:failure (the message says why)", "2:usage error", "3:no master is running"})
final class TcpEchoMasterCommand implements Runnable {
    /**
     * The subcommands, in the order the help lists them. Not in the annotation: Main adds only the
     * one a command line names (see Main.commandLine(String...)).
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(StartCommand.class, StopCommand.class, ReloadCommand.class,
            ReopenCommand.class, StatusCommand.class, CheckCommand.class, ScaleCommand.class, UpgradeCommand.class,
            FaultCommand.class);

    /** The settings this command line knows; start and check take a flag for each. */
    final SettingRows rows;

    @Spec
    CommandSpec spec;

    TcpEchoMasterCommand(SettingRows rows) {
        this.rows = rows;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
