package tcpecho.master.os;

import tcpecho.common.log.Log;

/**
 * sd_notify(3): one datagram of {@code KEY=VALUE} lines to a Unix datagram socket, the way
 * systemd's {@code Type=notify} expects them on {@code $NOTIFY_SOCKET}. A failed send is logged
 * (once) and otherwise ignored: the service keeps serving, systemd only learns less.
 */
public final class SdNotify {
    /** Sends nothing: no {@code NOTIFY_SOCKET}. */
    public static final SdNotify NONE = new SdNotify(null);

    private final String address;
    private UnixDatagram socket;
    private boolean warned;

    private SdNotify(String address) {
        this.address = address;
    }

    /** A sender to {@code address} (a path, or {@code @name} for an abstract socket), or {@link #NONE} if blank. */
    public static SdNotify to(String address) {
        return address == null || address.isBlank() ? NONE : new SdNotify(address);
    }

    /** The socket address, or null for {@link #NONE}. */
    public String address() {
        return address;
    }

    /** Sends {@code lines} (joined by newlines) as one datagram. */
    public void send(String... lines) {
        if (address == null) {
            return;
        }
        try {
            if (socket == null) {
                socket = UnixDatagram.open();
            }
            socket.send(address, String.join("\n", lines) + "\n");
        } catch (NativeException | RuntimeException failed) {
            if (!warned) {
                warned = true;
                Log.get().warn("cannot notify " + address + ": " + failed.getMessage());
            }
        }
    }

    /** Releases the socket; a later {@link #send} opens a new one. */
    public void close() {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
