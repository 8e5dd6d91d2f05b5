package tcpecho.worker;

import tcpecho.common.launch.InheritedListener;

/** Maps a listener's protocol name to its implementation. */
final class Protocols {
    static final String ACCEPTED = "echo";

    private Protocols() {
    }

    static Protocol forListener(InheritedListener listener, IoContext io) {
        return switch (listener.protocol()) {
            case "echo" -> EchoConnection.protocol(io);
            default -> throw new IllegalArgumentException("listener fd " + listener.fd() + " has unknown protocol '"
                    + listener.protocol() + "' (accepted: " + ACCEPTED + ")");
        };
    }
}
