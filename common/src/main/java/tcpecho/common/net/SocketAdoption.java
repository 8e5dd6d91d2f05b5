package tcpecho.common.net;

import java.io.FileDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.net.ProtocolFamily;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;

/**
 * Socket channels from file descriptors and back, with the JDK alone: the worker adopts the
 * sockets the master hands it on fds 3.., the master adopts those systemd or an upgrading master
 * hands it, and the master reads a channel's descriptor to hand it on. No native code, so the
 * worker can use it.
 *
 * <p>The JDK has no public API for this: {@code System.inheritedChannel()} adopts fd 0 only. So
 * this calls the constructors the JDK itself uses for an existing descriptor,
 * {@code ServerSocketChannelImpl(provider, family, fd, bound)} and
 * {@code DatagramChannelImpl(provider, fd)}, and reads the {@code fdVal} field; that needs
 * {@code --add-opens java.base/sun.nio.ch=ALL-UNNAMED} and
 * {@code --add-opens java.base/java.io=ALL-UNNAMED}. Measured to work on JDK 17 and 25; this class
 * is the one place to fix if a later JDK changes those constructors or that field.
 *
 * <p>{@code DatagramChannelImpl(provider, fd)} assumes an IPv6 socket whenever the host has IPv6,
 * and then encodes every send() target as a sockaddr_in6: on an AF_INET socket each send fails with
 * "Address family not supported by protocol" (measured on JDK 17.0.15 and 25). So the channel's
 * private final {@code family} field is set to the real family, by reflection, which those JDKs
 * allow under {@code --add-opens} (JEP 500 will make later JDKs warn about it).
 */
public final class SocketAdoption {
    private static final String SERVER_IMPL = "sun.nio.ch.ServerSocketChannelImpl";
    private static final String DATAGRAM_IMPL = "sun.nio.ch.DatagramChannelImpl";

    private SocketAdoption() {
    }

    /**
     * Why a descriptor could not be adopted: {@link #jdkRefused()} when this JDK does not let us call
     * its constructor (the fix is {@code --add-opens} or this class), otherwise the constructor ran
     * and refused the descriptor (ENOTSOCK, EBADF). {@link #getCause()} is what was thrown.
     */
    public static final class AdoptionException extends Exception {
        private final boolean jdkRefused;

        private AdoptionException(Throwable cause, boolean jdkRefused) {
            super(cause.getMessage(), cause);
            this.jdkRefused = jdkRefused;
        }

        public boolean jdkRefused() {
            return jdkRefused;
        }
    }

    /** The listening TCP socket on {@code fd}, of {@code family}; the constructor reads its bound address. */
    public static ServerSocketChannel serverSocket(int fd, ProtocolFamily family) throws AdoptionException {
        try {
            Constructor<?> constructor = Class.forName(SERVER_IMPL).getDeclaredConstructor(
                    SelectorProvider.class, ProtocolFamily.class, FileDescriptor.class, boolean.class);
            constructor.setAccessible(true);
            return (ServerSocketChannel) constructor.newInstance(SelectorProvider.provider(), family, descriptor(fd),
                    true);
        } catch (InvocationTargetException e) {
            throw new AdoptionException(e.getCause(), false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AdoptionException(e, true);
        }
    }

    /** The UDP socket on {@code fd}, whose real family is {@code family}. */
    public static DatagramChannel datagram(int fd, ProtocolFamily family) throws AdoptionException {
        try {
            Class<?> impl = Class.forName(DATAGRAM_IMPL);
            Constructor<?> constructor = impl.getDeclaredConstructor(SelectorProvider.class, FileDescriptor.class);
            constructor.setAccessible(true);
            DatagramChannel channel = (DatagramChannel) constructor.newInstance(SelectorProvider.provider(),
                    descriptor(fd));
            Field familyField = impl.getDeclaredField("family");
            familyField.setAccessible(true);
            if (familyField.get(channel) != family) {
                familyField.set(channel, family);
            }
            return channel;
        } catch (InvocationTargetException e) {
            throw new AdoptionException(e.getCause(), false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new AdoptionException(e, true);
        }
    }

    /** The kernel descriptor behind a JDK socket channel (its private {@code fdVal}). */
    public static int fdOf(Channel channel) {
        for (Class<?> type = channel.getClass(); type != null; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("fdVal");
                field.setAccessible(true);
                return field.getInt(channel);
            } catch (NoSuchFieldException tryParent) {
                // the field sits in the Impl class, which may be a parent of what we hold
            } catch (IllegalAccessException | RuntimeException blocked) {
                throw new IllegalStateException("cannot read the descriptor of " + channel.getClass().getName()
                        + " (is the JVM started with --add-opens java.base/sun.nio.ch=ALL-UNNAMED?)", blocked);
            }
        }
        throw new IllegalStateException("no descriptor field in " + channel.getClass().getName());
    }

    private static FileDescriptor descriptor(int fdNumber) throws ReflectiveOperationException {
        Constructor<FileDescriptor> fdConstructor = FileDescriptor.class.getDeclaredConstructor(int.class);
        fdConstructor.setAccessible(true);
        return fdConstructor.newInstance(fdNumber);
    }
}
