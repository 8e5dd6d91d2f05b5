package tcpecho.master.control;

import tcpecho.common.wire.Message;

/** Where the control server delivers what it reads; the master turns these into events. */
public interface ControlListener {
    void received(ControlConnection connection, Message message);

    void closed(ControlConnection connection);
}
