package tcpecho.worker;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.lang.reflect.Field;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.log.Log;

/**
 * Turns a listening socket inherited on a file descriptor into a {@link ServerSocketChannel}.
 *
 * <p>The JDK has no public API for this: {@code System.inheritedChannel()} adopts fd 0 only, and
 * the master hands over one socket per protocol on fds 3, 4, ... So this calls the constructor the
 * JDK itself uses for an existing descriptor, {@code ServerSocketChannelImpl(provider, family, fd,
 * bound)}, which needs {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} and
 * {@code --add-opens java.base/java.io=ALL-UNNAMED}. Measured to work on JDK 17 and 25; this class
 * is the one place to fix if a later JDK changes that constructor.
 *
 * <p>A UDP socket ({@code echo-udp}) goes through {@code DatagramChannelImpl(provider, fd)}, the
 * constructor behind {@code System.inheritedChannel()}, with the same two {@code --add-opens}. That
 * constructor assumes an IPv6 socket whenever the host has IPv6, and then encodes every send()
 * target as a sockaddr_in6: on an AF_INET socket each send fails with "Address family not
 * supported by protocol" (measured on JDK 17.0.15 and 25). So for an {@code inet} listener we set
 * the channel's private final {@code family} field to INET, by reflection, which those JDKs allow
 * under {@code --add-opens} (JEP 500 will make later JDKs warn about it).
 */
final class InheritedSockets {
    private static final String IMPL = "sun.nio.ch.ServerSocketChannelImpl";
    private static final String DATAGRAM_IMPL = "sun.nio.ch.DatagramChannelImpl";
    private static final String OPENS = "; the worker needs --add-opens java.base/sun.nio.ch=ALL-UNNAMED"
            + " --add-opens java.base/java.io=ALL-UNNAMED";

    private InheritedSockets() {
    }

    /** The listener's channel; the exception names the fd and what is wrong with it. */
    static ServerSocketChannel adopt(InheritedListener listener) throws IOException {
        ServerSocketChannel channel;
        try {
            channel = wrap(listener.fd(), family(listener));
        } catch (InvocationTargetException e) {
            // The constructor reads the socket's local address: ENOTSOCK or EBADF surface here.
            throw failure(listener, Log.describe(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw failure(listener, "this JDK does not let us wrap a descriptor (" + Log.describe(e) + ")" + OPENS);
        }
        if (channel.getLocalAddress() == null) {
            throw failure(listener, "the socket is not bound");
        }
        return channel;
    }

    /** The UDP listener's channel, bound, not connected; the exception names the fd and what is wrong. */
    static DatagramChannel adoptDatagram(InheritedListener listener) throws IOException {
        DatagramChannel channel;
        try {
            channel = wrapDatagram(listener.fd(), family(listener));
        } catch (InvocationTargetException e) {
            throw failure(listener, Log.describe(e.getCause()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw failure(listener, "this JDK does not let us wrap a datagram descriptor (" + Log.describe(e) + ")"
                    + OPENS);
        }
        if (channel.getLocalAddress() == null) {
            channel.close();
            throw failure(listener, "the socket is not bound");
        }
        return channel;
    }

    private static DatagramChannel wrapDatagram(int fdNumber, ProtocolFamily family)
            throws ReflectiveOperationException {
        Class<?> impl = Class.forName(DATAGRAM_IMPL);
        Constructor<?> constructor = impl.getDeclaredConstructor(SelectorProvider.class, FileDescriptor.class);
        constructor.setAccessible(true);
        DatagramChannel channel = (DatagramChannel) constructor.newInstance(SelectorProvider.provider(),
                descriptor(fdNumber));
        Field familyField = impl.getDeclaredField("family");
        familyField.setAccessible(true);
        if (familyField.get(channel) != family) {
            familyField.set(channel, family);
        }
        return channel;
    }

    private static FileDescriptor descriptor(int fdNumber) throws ReflectiveOperationException {
        Constructor<FileDescriptor> fdConstructor = FileDescriptor.class.getDeclaredConstructor(int.class);
        fdConstructor.setAccessible(true);
        return fdConstructor.newInstance(fdNumber);
    }

    private static ServerSocketChannel wrap(int fdNumber, ProtocolFamily family) throws ReflectiveOperationException {
        FileDescriptor fd = descriptor(fdNumber);
        Constructor<?> constructor = Class.forName(IMPL).getDeclaredConstructor(
                SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
        constructor.setAccessible(true);
        return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(), family, fd, true);
    }

    private static ProtocolFamily family(InheritedListener listener) {
        return listener.family().equals("inet6") ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static IOException failure(InheritedListener listener, String why) {
        return new IOException("cannot use inherited listener fd " + listener.fd() + " ("
                + listener.encode() + "): " + why);
    }
}
