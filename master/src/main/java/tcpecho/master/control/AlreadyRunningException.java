package tcpecho.master.control;

import java.nio.file.Path;

/** A live master already answers on the control socket we were asked to use. */
public final class AlreadyRunningException extends Exception {
    public AlreadyRunningException(String message) {
        super(message);
    }

    /** The one wording, for the master that finds the socket taken and for {@code start -d} checking first. */
    public static AlreadyRunningException on(Path controlSocket) {
        return new AlreadyRunningException("another master is already running on control socket " + controlSocket
                + ": stop it first (tcp-echo-master stop --control-socket " + controlSocket
                + "), or give this one its own --control-socket");
    }
}
