package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;

/**
 * How a stream connection's bytes reach its socket: as they are ({@link PlainTransport}) or through
 * TLS ({@link TlsTransport}). The connection speaks in application bytes and says which of them it
 * wants to read or write; the transport turns that into the socket's interest set, adding what it
 * needs itself (a handshake reads and writes whatever the protocol wants).
 */
interface Transport {
    /** Application bytes into {@code dst}: how many, 0 when none are there now, -1 at the end of the stream. */
    int read(ByteBuffer dst) throws IOException;

    /** Takes application bytes from {@code src}; returns how many (0 while the transport cannot take more). */
    int write(ByteBuffer src) throws IOException;

    /** Whether everything {@link #write} took has reached the kernel: TLS may hold one batch of records. */
    boolean flushed();

    /** Sets what the protocol wants, {@code SelectionKey.OP_READ} and/or {@code OP_WRITE}. */
    void interest(int ops);

    /** The protocol's interest as last set. */
    int interest();

    /**
     * The key is ready: does the transport's own work (flush, handshake) and returns what the
     * protocol should now try, a subset of its interest.
     */
    int ready(SelectionKey key) throws IOException;

    /** Whether application bytes can flow: TLS has finished its handshake (a plain transport always has). */
    boolean established();

    /** Whether application bytes can be read without the socket becoming readable (TLS decrypts a record at a time). */
    boolean hasBufferedInput();

    /**
     * No more application bytes will be written (a half-close passed on by a proxy): the peer reads
     * EOF once everything before it has been sent. TLS sends close_notify first.
     */
    void shutdownOutput() throws IOException;

    /** The connection closes: TLS sends close_notify (or its alert) unless {@code reset}; held buffers go back. */
    void closing(boolean reset);
}
