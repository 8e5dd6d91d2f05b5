package tcpecho.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import tcpecho.common.log.Log;
import tcpecho.common.net.AccessList;
import tcpecho.common.wire.DropReason;

/**
 * RFC 862 echo over UDP on one inherited datagram socket: each datagram goes back to its sender
 * unchanged. One shared 64 KiB buffer holds any datagram (UDP payloads are at most 65,507 bytes
 * over IPv4, 65,527 over IPv6). When the socket's send buffer is full, send() takes nothing and
 * the datagram is dropped and counted, as UDP allows: queueing would make memory grow with load.
 * Before answering, the listener's access list and {@link UdpGuard} may drop it instead (a refused
 * address, a loop-prone source, our own socket, a reply rate used up); every drop is counted by reason.
 */
final class UdpEcho implements ChannelHandler {
    /** Bounded so a flood on this socket cannot starve the TCP connections of the same loop. */
    static final int MAX_DATAGRAMS_PER_TURN = 64;

    private final DatagramChannel channel;
    private final ByteBuffer buffer;
    private final ListenerStats stats;
    private final UdpGuard guard;
    private final AccessList access;
    /** Loss and latency; while the listener has none, one boolean test per datagram. */
    private final UdpFaults faults;
    private SelectionKey key;

    UdpEcho(DatagramChannel channel, ByteBuffer buffer, ListenerStats stats, UdpGuard guard, AccessList access,
            ListenerFaults faults, int maxHeld) {
        this.faults = new UdpFaults(faults, stats, this::echo, maxHeld);
        this.channel = channel;
        this.buffer = buffer;
        this.stats = stats;
        this.guard = guard;
        this.access = access;
    }

    void register(Selector selector) throws IOException {
        channel.configureBlocking(false);
        key = channel.register(selector, SelectionKey.OP_READ, this);
    }

    @Override
    public void handle(SelectionKey ready) {
        long now = System.nanoTime();
        for (int i = 0; i < MAX_DATAGRAMS_PER_TURN; i++) {
            SocketAddress sender;
            try {
                sender = channel.receive(buffer.clear());
            } catch (IOException e) {
                Log.get().debug("echo-udp " + stats.name() + ": receive failed: " + Log.describe(e));
                return;
            }
            if (sender == null) {
                return;
            }
            buffer.flip();
            int length = buffer.remaining();
            stats.datagram(length);
            InetSocketAddress source = (InetSocketAddress) sender;
            DropReason refused = access.allows(source.getAddress()) ? guard.check(source, now) : DropReason.DENIED;
            if (refused != null) {
                stats.dropped(refused, sender);
            } else if (faults.isEmpty()) {
                echo(buffer, sender);
            } else {
                faults.answer(buffer, sender, now);
            }
        }
    }

    private void echo(ByteBuffer data, SocketAddress sender) {
        int length = data.remaining();
        try {
            if (channel.send(data, sender) == 0) {
                stats.dropped(DropReason.SEND_BUFFER_FULL, sender);
            } else {
                stats.sent(length);
            }
        } catch (IOException e) {
            // One sender's trouble (an unreachable address, say) must not end the listener.
            Log.get().debug("echo-udp " + stats.name() + ": send to " + sender + " failed: " + Log.describe(e));
            stats.dropped(DropReason.SEND_FAILED, sender);
        }
    }

    @Override
    public void close(String reason) {
        faults.release();
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            Log.get().debug("close of " + stats.name() + " failed: " + Log.describe(e));
        }
    }
}
