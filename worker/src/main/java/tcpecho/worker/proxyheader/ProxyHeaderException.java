package tcpecho.worker.proxyheader;

/** A PROXY protocol header that is not one: the message says what was wrong, for the log line. */
public final class ProxyHeaderException extends Exception {
    public ProxyHeaderException(String message) {
        super(message);
    }
}
