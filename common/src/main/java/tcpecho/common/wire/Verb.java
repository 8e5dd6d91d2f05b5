package tcpecho.common.wire;

/**
 * Every verb spoken on the control socket, with its direction and fields. This is the protocol's
 * reference; README.md links here. HELLO and HEARTBEAT are written and read only by their records,
 * {@link Hello} and {@link Heartbeat}, and every other message with fields by its record here
 * ({@link Draining}, {@link Quit}, {@link Stop}, {@link Stop.Accepted}, {@link Scale}, {@link Serving},
 * {@link Upgraded}, {@link ErrorReply}); STATUS's JSON is {@code tcpecho.common.status.Status}.
 *
 * <pre>
 * worker -> master
 *   HELLO     slot generation pid          first line after connecting; all three required
 *   READY                                  every listener is being served
 *   HEARTBEAT connections accepted bytes_in bytes_out [listeners] [drops]   (the four totals required)
 *                                          listeners: per-listener counters, see ListenerCounters
 *                                          drops: dropped datagrams by reason, see ListenerDrops
 *                                          sent from the worker's event loop, every heartbeat
 *                                          interval; its absence is how a hung worker shows
 *   DRAINING  connections                  stopped accepting, finishing open connections
 * master -> worker
 *   QUIT      timeout_ms                   stop accepting, finish open connections, then exit 0
 *   TERMINATE                              close everything and exit 0 now
 *   REOPEN                                 reopen the log file and proxy dump files (after rotation)
 *   FAULTS    listener faults              the listener's faults, the whole list (see FaultsMessage)
 * CLI -> master (one request, one reply)
 *   STATUS                                 -> OK status=JSON
 *   STOP      mode=graceful|fast timeout_ms -> OK (then the master exits)
 *   RELOAD                                 -> OK generation=N workers=N | ERROR message=...
 *   REOPEN                                 -> OK
 *   SCALE     workers=N|+N|-N              -> OK generation=N workers=N [unchanged=true: the count was
 *                                             already served, no reload] | ERROR message=...
 *   FAULT     action=add|remove|clear|list [listener] [name] [fault]   -> OK [faults=...] | ERROR message=...
 *                                          faults added at run time (see FaultRequest)
 *   UPGRADE                                -> OK pid=N: a new master (pid N) serves; this one
 *                                             drains and exits | ERROR message=...: it keeps serving
 * master -> CLI
 *   OK        ...                          success, with request-specific fields
 *   ERROR     message                      failure, with a sentence for the user
 * </pre>
 */
public final class Verb {
    public static final String HELLO = "HELLO";
    public static final String READY = "READY";
    public static final String HEARTBEAT = "HEARTBEAT";
    public static final String DRAINING = "DRAINING";
    public static final String QUIT = "QUIT";
    public static final String TERMINATE = "TERMINATE";
    public static final String REOPEN = "REOPEN";
    public static final String FAULTS = "FAULTS";
    public static final String FAULT = "FAULT";
    public static final String STATUS = "STATUS";
    public static final String STOP = "STOP";
    public static final String RELOAD = "RELOAD";
    public static final String SCALE = "SCALE";
    public static final String UPGRADE = "UPGRADE";
    public static final String OK = "OK";
    public static final String ERROR = "ERROR";

    private Verb() {
    }

    /**
     * Throws unless {@code message} is a {@code verb}: a lenient decoder's only check, so the wrong
     * verb is the caller's mistake, not the peer's.
     */
    static void require(String verb, Message message) {
        if (!message.is(verb)) {
            throw new IllegalArgumentException("expected " + verb + ", got " + message.verb());
        }
    }

    /** Throws unless {@code message} is a {@code verb}: a strict decoder's first check. */
    static void expect(String verb, Message message) throws MalformedMessageException {
        if (!message.is(verb)) {
            throw new MalformedMessageException("expected " + verb + ", got " + message.verb());
        }
    }
}
