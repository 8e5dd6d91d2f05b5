package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Serves one accepted TCP connection with a protocol. Echo is the first; daytime, discard or chargen
 * are meant to sit next to it as more implementations, named by the listener's protocol field.
 */
interface Protocol {

    /** Registers {@code channel} (already non-blocking) with {@code selector} and starts serving it. */
    void serve(SocketChannel channel, Selector selector) throws IOException;
}
