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
    /** The PROXY protocol stage before both; null on a listener without proxy-protocol. */
    private HeaderGate headerGate;
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

    /** Puts the PROXY protocol stage in front of this listener's gates (proxy-protocol = true). */
    void expectHeaders(HeaderGate gate) {
        this.headerGate = gate;
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
            if (headerGate == null) {
                admit(client, Origin.of(client), ready.selector(), now);
            } else if (configure(client)) {
                headerGate.begin(client, Origin.of(client).client(), ready.selector(), now);
            }
        }
        owner.afterAccepts();
    }

    /**
     * The listener's gates, then its protocol, for a connection from {@code origin}: at accept, or
     * once a PROXY protocol header has named the original client, whom the gates then judge.
     */
    void admit(SocketChannel client, Origin origin, Selector selector, long now) {
        // A denied client is refused before it can spend its address's per-client allowance.
        if (!accessGate.admit(client, origin.client())
                || clientGate != null && clientGate.turnsAway(client, origin.client(), now)) {
            return;
        }
        if (headerGate == null && !configure(client)) {
            return;
        }
        Log.get().info("connection from " + origin + " on " + spec.name());
        try {
            protocol.serve(client, origin, selector);
        } catch (IOException e) {
            drop(client, e);
        }
    }

    /** Non-blocking, with the listener's socket options; false (and closed) when the client is already gone. */
    private boolean configure(SocketChannel client) {
        try {
            client.configureBlocking(false);
            client.setOption(StandardSocketOptions.TCP_NODELAY, limits.tcpNoDelay());
            if (limits.keepAlive()) {
                client.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            }
            return true;
        } catch (IOException e) {
            drop(client, e);
            return false;
        }
    }

    private void drop(SocketChannel client, IOException e) {
        // The client may already be gone (reset while queued): that is its loss, not ours.
        Log.get().debug("dropping connection on " + spec.name() + ": " + Log.describe(e));
        try {
            client.close();
        } catch (IOException ignored) {
            // nothing left to release
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
