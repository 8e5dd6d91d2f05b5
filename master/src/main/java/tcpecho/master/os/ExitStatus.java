package tcpecho.master.os;

/** How a child ended, decoded from a waitpid status (sys/wait.h macros). */
public record ExitStatus(int code, int signal) {

    /** Decodes a raw waitpid status word as WIFEXITED/WEXITSTATUS/WTERMSIG do. */
    public static ExitStatus fromWaitStatus(int status) {
        int termSignal = status & 0x7f;
        if (termSignal == 0) {
            return new ExitStatus((status >> 8) & 0xff, 0);
        }
        return new ExitStatus(128 + termSignal, termSignal);
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killedBy(int signal) {
        return new ExitStatus(128 + signal, signal);
    }

    /** A child that could not be reaped (waitpid failed): how it ended is not known. */
    public static ExitStatus unknown() {
        return new ExitStatus(-1, 0);
    }

    public boolean bySignal() {
        return signal != 0;
    }

    /** {@code code 0}, {@code code 78} or {@code code 137 (SIGKILL)}, for log lines. */
    @Override
    public String toString() {
        if (code < 0) {
            return "an unknown status";
        }
        return bySignal() ? "code " + code + " (" + Signals.name(signal) + ")" : "code " + code;
    }
}
