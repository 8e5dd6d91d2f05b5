package tcpecho.master.cli;

/** The CLI's exit codes, the same for every subcommand. */
final class ExitCode {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int NOT_RUNNING = 3;

    private ExitCode() {
    }
}
