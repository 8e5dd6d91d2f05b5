package tcpecho.master.supervisor;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import tcpecho.config.Settings;
import tcpecho.master.control.AlreadyRunningException;
import tcpecho.master.control.ControlListener;
import tcpecho.master.control.ControlLoop;
import tcpecho.master.control.ControlServer;

/**
 * How clients find this master: its control socket and its pid file. A live upgrade lends both to
 * the new master, which must bind the same path, and takes them back if that one fails.
 */
final class ControlSocket {
    private final ControlListener listener;
    private final Lock descriptorLock;
    private ControlLoop loop;
    private ControlServer server;
    private PidFile pidFile;

    /**
     * {@code descriptorLock}: the read side of the spawner's lock, held while accepting, because a
     * socket accepted mid-spawn would leak into the child.
     */
    ControlSocket(ControlListener listener, Lock descriptorLock) {
        this.listener = listener;
        this.descriptorLock = descriptorLock;
    }

    /** The socket first: a second master is refused there before it can overwrite the pid file. */
    void open(Settings settings) throws IOException, AlreadyRunningException {
        listen(settings);
        pidFile = new PidFile(settings.pidFile());
        pidFile.write(ProcessHandle.current().pid());
    }

    /** Closes the socket so that a new master can bind its path. */
    void lend() {
        server.close();
        server = null;
    }

    /** The new master failed: this one listens again and names itself in the pid file again. */
    void takeBack(Settings settings) throws IOException, AlreadyRunningException {
        listen(settings);
        pidFile.write(ProcessHandle.current().pid());
    }

    private void listen(Settings settings) throws IOException, AlreadyRunningException {
        if (loop == null) {
            loop = new ControlLoop(listener, descriptorLock);
        }
        server = new ControlServer(settings.controlSocket(), loop);
        server.open();
    }

    void close() {
        if (server != null) {
            server.close();
        }
        if (loop != null) {
            loop.close();
        }
        if (pidFile != null) {
            pidFile.remove();
        }
    }
}
