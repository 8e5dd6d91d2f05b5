package tcpecho.master.os;

/** A failed system call, named with its arguments and errno text: {@code kill(1234, 15) failed: ESRCH}. */
public final class NativeException extends Exception {
    public NativeException(String message) {
        super(message);
    }
}
