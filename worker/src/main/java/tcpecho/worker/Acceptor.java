package tcpecho.worker;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import tcpecho.common.launch.ConnectionLimits;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.log.Log;

/** Accepts connections on one inherited listening socket and hands them to its protocol. */
final class Acceptor implements ChannelHandler {
    /** Bounded so that a busy listener cannot starve the others or the open connections. */
    static final int MAX_ACCEPTS_PER_TURN = 64;

    private final ServerSocketChannel listener;
    private final InheritedListener spec;
    private final ProtocolHandler protocol;
    private final Acceptors owner;
    private final ConnectionLimits limits;
    /** The listener's access list, checked first. */
    private final AccessGate accessGate;
    /** The per-client limits, checked after the access list; null when the listener has none. */
    private final ClientGate clientGate;
    private SelectionKey key;

    Acceptor(ServerSocketChannel listener, InheritedListener spec, ProtocolHandler protocol, Acceptors owner,
             ConnectionLimits limits, AccessGate accessGate, ClientGate clientGate) {
        this.limits = limits;
        this.accessGate = accessGate;
        this.clientGate = clientGate;
        this.listener = listener;
        this.spec = spec;
        this.protocol = protocol;
        this.owner = owner;
    }

    void register(Selector selector) throws IOException {
        listener.configureBlocking(false);
        key = listener.register(selector, SelectionKey.OP_ACCEPT, this);
    }

    @Override
    public void handle(SelectionKey ready) {
        long now = System.nanoTime();
        for (int i = 0; i < MAX_ACCEPTS_PER_TURN && owner.hasRoom(); i++) {
            SocketChannel client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                owner.acceptFailed(this, e);
                return;
            }
            if (client == null) {
                return;
            }
            // A denied client is refused before it can spend its address's per-client allowance.
            if (!accessGate.admit(client) || clientGate != null && clientGate.turnsAway(client, now)) {
                continue;
            }
            serve(client, ready.selector());
        }
        owner.afterAccepts();
    }

    private void serve(SocketChannel client, Selector selector) {
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, limits.tcpNoDelay());
            if (limits.keepAlive()) {
                client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            Log.get().info("connection from " + client.getRemoteAddress() + " on " + spec.name());
            protocol.serve(client, selector);
        } catch (IOException e) {
            // The client may already be gone (reset while queued): that is its loss, not ours.
            Log.get().debug("dropping connection on " + spec.name() + ": " + Log.describe(e));
            try {
                client.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    /** Stops or resumes selecting OP_ACCEPT; the socket itself stays open and keeps queueing. */
    void setAccepting(boolean accepting) {
        if (key.isValid()) {
            key.interestOps(accepting ? SelectionKey.OP_ACCEPT : 0);
        }
    }

    void reopenFiles() {
        protocol.reopenFiles();
    }

    String describe() {
        return "fd " + spec.fd() + " (" + spec.name() + ")";
    }

    @Override
    public void close(String reason) {
        // Only our copy of the descriptor closes; the master's copy keeps the accept queue alive.
        key.cancel();
        try {
            listener.close();
        } catch (IOException e) {
            Log.get().debug("close of listener " + describe() + " failed: " + Log.describe(e));
        }
    }
}
