package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.SelectionKey;

/**
 * What the event loop finds attached to a selection key: a listener, a client connection or the
 * control connection. The loop calls {@link #handle} when the key is ready; if that throws, the
 * loop calls {@link #close} so the failure ends this channel only, never the loop.
 */
interface ChannelHandler {

    void handle(SelectionKey key) throws IOException;

    /** Releases the channel; must be safe to call twice and must not throw. */
    void close(String reason);
}
