package tcpecho.master.control;

import java.nio.file.Path;

/** No master answers on the control socket. */
public final class NotRunningException extends Exception {
    public NotRunningException(Path path) {
        super("tcp-echo-master is not running (no master on control socket " + path + ")");
    }
}
