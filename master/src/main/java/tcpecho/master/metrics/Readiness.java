package tcpecho.master.metrics;

/**
 * What {@code GET /ready} answers: whether a load balancer or Kubernetes should send this master
 * new connections. A TCP probe cannot tell: while a stop drains, the workers keep their listening
 * sockets open (so nothing queued on them is reset) and the kernel still completes handshakes.
 */
public enum Readiness {
    /** Before the first generation serves in full: 503. */
    STARTING(503, "starting: the workers are not all serving yet\n"),
    /** 200. */
    SERVING(200, "ready\n"),
    /** A stop has begun (TERM, INT, {@code stop}, or a finished upgrade): 503 until the master exits. */
    STOPPING(503, "stopping: open connections are draining, new ones are not wanted\n");

    final int status;
    final String body;

    Readiness(int status, String body) {
        this.status = status;
        this.body = body;
    }
}
