package tcpecho.master.supervisor;

import tcpecho.common.wire.Message;
import tcpecho.master.control.ControlConnection;

/** Everything that can change the master's state, queued for the one thread that owns it. */
sealed interface Event {

    /** A signal arrived (HUP, TERM, INT, USR1, CHLD, ...). */
    record SignalReceived(String name) implements Event {
    }

    /** A line arrived on a control connection, from a worker or the CLI. */
    record ControlMessage(ControlConnection from, Message message) implements Event {
    }

    /** A control connection closed. */
    record ControlClosed(ControlConnection connection) implements Event {
    }
}
