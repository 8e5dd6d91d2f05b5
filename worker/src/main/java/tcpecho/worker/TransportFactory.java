package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** Makes the transport of each connection of a listener: plain, or TLS with the listener's certificate. */
interface TransportFactory {
    TransportFactory PLAIN = (channel, key, owner) -> new PlainTransport(channel, key);

    /** The transport of {@code channel}, registered as {@code key}; {@code owner} is closed by a handshake timeout. */
    Transport open(SocketChannel channel, SelectionKey key, TransportOwner owner) throws IOException;

    /** What a transport may ask of its connection from outside a key's turn: a timeout, input it holds. */
    interface TransportOwner {
        boolean isClosed();

        void close(String reason);

        /** Lets the protocol read what the transport holds, as if the socket were readable. */
        void resume();
    }
}
