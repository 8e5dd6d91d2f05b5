package tcpecho.worker;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import tcpecho.common.log.Log;

/** Small socket operations several protocols need. */
final class Sockets {
    private Sockets() {
    }

    /** SO_LINGER 0: the next close sends RST and drops unsent data, instead of FIN. */
    static void lingerZero(SocketChannel channel) {
        try {
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException e) {
            Log.get().debug("setsockopt(SO_LINGER, 0) failed: " + Log.describe(e));
        }
    }

    /**
     * Closes a connection refused before any protocol served it: with RST when {@code reset}
     * (send-reset), else FIN. Closing the channel also cancels its key, if it has one.
     */
    static void closeRefused(SocketChannel channel, boolean reset, Object peer) {
        if (reset) {
            lingerZero(channel);
        }
        try {
            channel.close();
        } catch (IOException e) {
            Log.get().debug("close of refused connection from " + peer + " failed: " + Log.describe(e));
        }
    }
}
