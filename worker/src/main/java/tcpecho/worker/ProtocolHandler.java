package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Serves one accepted TCP connection with a listener's protocol: echo, daytime, discard, chargen or
 * proxy (see {@link Protocols}). UDP echo has no accepted connections and is not one of these.
 */
interface ProtocolHandler {

    /**
     * Registers {@code channel} (already non-blocking) with {@code selector} and starts serving it;
     * {@code origin} says who it is from (the original client behind a PROXY protocol header).
     */
    void serve(SocketChannel channel, Origin origin, Selector selector) throws IOException;

    /** Reopens the files this protocol writes to by name, after log rotation (REOPEN, USR1); most write none. */
    default void reopenFiles() {
    }
}
