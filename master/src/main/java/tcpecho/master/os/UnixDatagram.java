package tcpecho.master.os;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * A Unix datagram socket through jnr-ffi, for sd_notify: JDK 17 has Unix stream sockets only and
 * rejects abstract names (systemd's {@code NOTIFY_SOCKET=@...}). jnr-ffi already comes with
 * jnr-posix, so this costs no new dependency. An address starting with {@code @} is abstract.
 */
public final class UnixDatagram implements AutoCloseable {
    /* from bits/socket.h and bits/socket_type.h */
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    /* from sys/socket.h */
    private static final int MSG_NOSIGNAL = 0x4000;
    /* from sys/un.h: struct sockaddr_un { sa_family_t sun_family; char sun_path[108]; } */
    private static final int SUN_PATH_MAX = 108;
    private static final int FAMILY_BYTES = 2;
    /* from asm-generic/errno-base.h */
    private static final int EAGAIN = 11;

    /** The libc functions, as in sys/socket.h. */
    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, byte[] address, int length);

        @SaveError
        long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength);

        @SaveError
        long recv(int fd, byte[] buffer, long length, int flags);

        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private final int fd;

    private UnixDatagram(int fd) {
        this.fd = fd;
    }

    /** An unbound socket to send from. */
    public static UnixDatagram open() throws NativeException {
        int fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        if (fd < 0) {
            throw failure("socket(AF_UNIX, SOCK_DGRAM)");
        }
        return new UnixDatagram(fd);
    }

    /** A socket bound to {@code address}, to receive on. */
    public static UnixDatagram bind(String address) throws NativeException {
        UnixDatagram socket = open();
        byte[] sockaddr = sockaddr(address);
        if (Holder.LIBC.bind(socket.fd, sockaddr, sockaddr.length) != 0) {
            NativeException failed = failure("bind(" + address + ")");
            socket.close();
            throw failed;
        }
        return socket;
    }

    /** Sends one datagram to {@code address}. */
    public void send(String address, String message) throws NativeException {
        byte[] sockaddr = sockaddr(address);
        byte[] data = message.getBytes(StandardCharsets.UTF_8);
        if (Holder.LIBC.sendto(fd, data, data.length, MSG_NOSIGNAL, sockaddr, sockaddr.length) < 0) {
            throw failure("sendto(" + address + ")");
        }
    }

    /** The next datagram waiting, or null if none is (never blocks). */
    public String receive() throws NativeException {
        byte[] buffer = new byte[4096];
        long length = Holder.LIBC.recv(fd, buffer, buffer.length, 0);
        if (length < 0) {
            if (Holder.RUNTIME.getLastError() == EAGAIN) {
                return null;
            }
            throw failure("recv(unix datagram)");
        }
        return new String(buffer, 0, (int) length, StandardCharsets.UTF_8);
    }

    /**
     * struct sockaddr_un for {@code address}: a path is NUL-terminated; an abstract name ({@code @x})
     * starts with a NUL byte instead of the {@code @} and its length is exact (no terminator).
     */
    static byte[] sockaddr(String address) {
        boolean isAbstract = address.startsWith("@");
        byte[] name = (isAbstract ? "\0" + address.substring(1) : address).getBytes(StandardCharsets.UTF_8);
        int pathBytes = isAbstract ? name.length : name.length + 1;
        if (address.length() < 2 && isAbstract || address.isEmpty() || pathBytes > SUN_PATH_MAX) {
            throw new IllegalArgumentException("not a usable Unix socket address (1 to " + (SUN_PATH_MAX - 1)
                    + " bytes, @ for an abstract name): '" + address + "'");
        }
        ByteBuffer sockaddr = ByteBuffer.allocate(FAMILY_BYTES + pathBytes).order(ByteOrder.nativeOrder());
        sockaddr.putShort((short) AF_UNIX).put(name);
        return sockaddr.array();
    }

    @Override
    public void close() {
        Holder.LIBC.close(fd);
    }

    private static NativeException failure(String call) {
        return NativeException.failed(call, Holder.RUNTIME.getLastError());
    }
}
