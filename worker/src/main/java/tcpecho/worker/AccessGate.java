package tcpecho.worker;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import tcpecho.common.net.AccessList;
import tcpecho.common.wire.DropReason;

/**
 * The check an accepted TCP connection passes before its protocol sees it: the listener's access
 * list. A refused client is closed at once, with RST when {@code send-reset} is on (so it learns at
 * once, and no TIME_WAIT stays on our side), else with FIN; it is counted as {@code denied}, and
 * the worker's heartbeat sums refusals up in one log line, never one per connection.
 */
final class AccessGate {
    private final AccessList access;
    private final ListenerStats stats;
    private final boolean sendReset;

    AccessGate(AccessList access, ListenerStats stats, boolean sendReset) {
        this.access = access;
        this.stats = stats;
        this.sendReset = sendReset;
    }

    /**
     * True if {@code client} from {@code address} (its socket's peer, or the original client a PROXY
     * header named) may be served; otherwise it has been closed and counted.
     */
    boolean admit(SocketChannel client, InetSocketAddress address) {
        if (access.isEmpty()) {
            return true;
        }
        if (address != null && access.allows(address.getAddress())) {
            return true;
        }
        refuse(client, address);
        return false;
    }

    private void refuse(SocketChannel client, InetSocketAddress peer) {
        stats.dropped(DropReason.DENIED, peer);
        Sockets.closeRefused(client, sendReset, peer);
    }
}
