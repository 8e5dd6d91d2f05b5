package tcpecho.master.os;

/** Signal numbers from Linux's asm/signal.h (x86_64 and arm64 agree on these). */
public final class Signals {
    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGTERM = 15;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;

    private Signals() {
    }

    /** {@code SIGKILL} for 9, or {@code signal 42} for numbers without a name here. */
    public static String name(int signal) {
        return switch (signal) {
            case SIGHUP -> "SIGHUP";
            case SIGINT -> "SIGINT";
            case 6 -> "SIGABRT";
            case SIGKILL -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 13 -> "SIGPIPE";
            case SIGTERM -> "SIGTERM";
            default -> "signal " + signal;
        };
    }
}
