package tcpecho.master.control;

/** A live master already answers on the control socket we were asked to use. */
public final class AlreadyRunningException extends Exception {
    public AlreadyRunningException(String message) {
        super(message);
    }
}
