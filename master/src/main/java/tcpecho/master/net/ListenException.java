package tcpecho.master.net;

/** A listening socket could not be opened: the endpoint and the OS reason. */
public final class ListenException extends Exception {
    public ListenException(String message) {
        super(message);
    }
}
