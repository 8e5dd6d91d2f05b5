package tcpecho.master.cli;

import picocli.CommandLine;

/** Entry point of bin/tcp-echo-master. Exit codes: 0 ok, 1 failure, 2 usage, 3 not running. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new TcpEchoMasterCommand());
        commandLine.setExitCodeExceptionMapper(failure ->
                failure instanceof CommandLine.ParameterException ? ExitCode.USAGE : ExitCode.FAILURE);
        return commandLine;
    }
}
