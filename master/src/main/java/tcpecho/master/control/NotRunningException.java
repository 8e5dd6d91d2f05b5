package tcpecho.master.control;

import java.nio.file.Path;

/** No master answers on the control socket. The CLI prefixes the message with its own name. */
public final class NotRunningException extends Exception {
    public NotRunningException(Path path) {
        super("no master is running on control socket " + path + "; start one with 'tcp-echo-master start'"
                + " (a master started with -p, -c or --control-socket is reached with the same option)");
    }
}
