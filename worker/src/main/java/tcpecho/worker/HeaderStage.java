package tcpecho.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import tcpecho.worker.proxyheader.ProxyHeader;
import tcpecho.worker.proxyheader.ProxyHeaderDecoder;
import tcpecho.worker.proxyheader.ProxyHeaderException;

/**
 * One connection of a {@code proxy-protocol} listener before its protocol starts: reads the PROXY
 * header through the worker's shared read buffer, never more than the decoder wants, so the bytes
 * behind the header stay in the socket for the protocol (echo, proxy, a TLS handshake) and no
 * protocol needs a way to take over bytes read ahead. Holds the decoder (108 bytes, more only for a
 * long v2 header, within the worker's budget) until the header is complete, refused, or late.
 */
final class HeaderStage implements ChannelHandler {
    final SocketChannel channel;
    final InetSocketAddress peer;
    final long deadline;
    private final HeaderGate gate;
    private final ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
    private int charged;
    private boolean done;

    HeaderStage(HeaderGate gate, SocketChannel channel, InetSocketAddress peer, long deadline) {
        this.gate = gate;
        this.channel = channel;
        this.peer = peer;
        this.deadline = deadline;
    }

    void register(Selector selector) throws IOException {
        channel.register(selector, SelectionKey.OP_READ, this);
    }

    @Override
    public void handle(SelectionKey ready) throws IOException {
        ByteBuffer buffer = gate.io().readBuffer();
        try {
            while (!done) {
                buffer.clear().limit(decoder.wanted());
                int read = channel.read(buffer);
                if (read < 0) {
                    gate.refuseMissing(this, "closed the connection before its PROXY protocol header ended (got "
                            + decoder.seen() + ")");
                    return;
                }
                if (read == 0) {
                    return;
                }
                ProxyHeader header = decoder.feed(buffer.flip());
                if (!charge()) {
                    return;
                }
                if (header != null) {
                    gate.complete(this, header);
                }
            }
        } catch (ProxyHeaderException e) {
            gate.refuseInvalid(this, e.getMessage());
        }
    }

    /** Takes a grown decoder's bytes from the worker's budget; refuses the connection when it is spent. */
    private boolean charge() {
        int extra = decoder.bufferBytes() - ProxyHeaderDecoder.INITIAL_BYTES;
        if (extra <= charged) {
            return true;
        }
        PendingBudget budget = gate.io().budget();
        if (budget.available() < extra - charged) {
            gate.refuseInvalid(this, "its " + decoder.bufferBytes() + "-byte header does not fit in the worker's buffer"
                    + " budget (" + budget.available() + " bytes left)");
            return false;
        }
        budget.take(extra - charged);
        charged = extra;
        return true;
    }

    /** Ends the stage: gives the budget back. The key stays for the protocol, or is cancelled with the socket. */
    void finish() {
        done = true;
        gate.io().budget().give(charged);
        charged = 0;
    }

    boolean isDone() {
        return done;
    }

    String seen() {
        return decoder.seen();
    }

    /** A refused or late connection: close (RST when asked), count nothing here: the gate does. */
    void closeChannel(boolean reset) {
        Sockets.closeRefused(channel, reset, peer);
    }

    @Override
    public void close(String reason) {
        if (!done) {
            gate.abandon(this, reason);
        }
    }
}
