package tcpecho.worker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/** Bytes straight to and from the socket: the protocol's interest is the key's. */
final class PlainTransport implements Transport {
    private final SocketChannel channel;
    private final SelectionKey key;

    PlainTransport(SocketChannel channel, SelectionKey key) {
        this.channel = channel;
        this.key = key;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return channel.read(dst);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return channel.write(src);
    }

    @Override
    public boolean flushed() {
        return true;
    }

    @Override
    public void interest(int ops) {
        key.interestOps(ops);
    }

    @Override
    public int interest() {
        return key.interestOps();
    }

    @Override
    public int ready(SelectionKey ready) {
        return ready.readyOps();
    }

    @Override
    public boolean established() {
        return true;
    }

    @Override
    public boolean hasBufferedInput() {
        return false;
    }

    @Override
    public void shutdownOutput() throws IOException {
        channel.shutdownOutput();
    }

    @Override
    public void closing(boolean reset) {
    }
}
