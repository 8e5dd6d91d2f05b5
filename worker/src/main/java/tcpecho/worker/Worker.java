package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.log.Log;
import tcpecho.common.wire.Quit;
import tcpecho.common.wire.Draining;
import tcpecho.common.wire.FaultsMessage;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/**
 * A worker's life: serving, draining after QUIT or SIGTERM, then done. Runs on the event-loop
 * thread as its housekeeping, so heartbeats come from the loop itself and a hung loop shows up as
 * missing heartbeats at the master.
 */
final class Worker implements EventLoop.Housekeeping, ControlChannel.Listener {
    /** SIGTERM carries no timeout, unlike QUIT; ten seconds lets short transfers finish. */
    static final long SIGTERM_DRAIN_MILLIS = 10_000;

    private enum State { SERVING, DRAINING, DONE }

    private final WorkerArgs args;
    private final Selector selector;
    private final IoContext io;
    private final Acceptors acceptors;
    private final ControlChannel control;
    private final WorkerFaults faults;
    /**
     * Everything with a timer, run in this order: the idle sweep, lingering closes, the accept
     * resume (after those closes, which may bring the count under max-connections), the turns of
     * connections holding buffered TLS input, then the protocols' own timers, such as proxy connect
     * timeouts.
     *
     * <p>An array, not a list: both walks run every loop turn, and a for-each over an array is an
     * index walk, while over a list it is an Iterator per walk. Under C1 (no escape analysis, see
     * jvm.options) those two Iterators were a turn's only garbage, enough at 10 x 1000 msg/s to fill
     * the 4 MB young generation every 7-12 s in each worker.
     */
    private final Timed[] timers;
    private final SignalFlags signals = new SignalFlags();
    private final long parentPid = parentPid();
    private final long heartbeatNanos;
    private long nextHeartbeat;
    private State state = State.SERVING;
    private long drainDeadline;

    Worker(WorkerArgs args, Selector selector, IoContext io, Acceptors acceptors, List<Timed> timers,
           ControlChannel control, WorkerFaults faults) {
        this.args = args;
        this.faults = faults;
        IdleSweeper idle = new IdleSweeper(selector, args.limits().idleTimeoutMillis(), args.limits().sendReset(),
                System.nanoTime());
        List<Timed> all = new ArrayList<>(List.of(idle, io.lingering(), acceptors, io.bufferedInput()));
        all.addAll(timers);
        this.timers = all.toArray(new Timed[0]);
        this.selector = selector;
        this.io = io;
        this.acceptors = acceptors;
        this.control = control;
        this.heartbeatNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(1, args.heartbeatMillis()));
    }

    /** Registers everything with the selector, then tells the master it is serving. */
    void start() throws IOException {
        signals.install(selector);
        acceptors.registerAll(selector);
        control.register(selector, this);
        control.send(Message.of(Verb.READY));
        nextHeartbeat = System.nanoTime() + heartbeatNanos;
        Log.get().info("started: " + acceptors.size() + " listener(s), generation " + args.generation());
    }

    @Override
    public long nanosUntilDue(long now) {
        long due = nextHeartbeat - now;
        for (Timed timed : timers) {
            due = Math.min(due, timed.nanosUntilDue(now));
        }
        if (state == State.DRAINING) {
            due = Math.min(due, drainDeadline - now);
        }
        return Math.max(0, due);
    }

    @Override
    public void afterTurn(long now) {
        handleSignals();
        for (Timed timed : timers) {
            timed.runTimers(now);
        }
        if (now - nextHeartbeat >= 0) {
            nextHeartbeat = now + heartbeatNanos;
            heartbeat();
        }
        if (state == State.DRAINING) {
            checkDrain(now);
        }
    }

    @Override
    public boolean finished() {
        return state == State.DONE;
    }

    @Override
    public void onMessage(Message message) {
        switch (message.verb()) {
            case Verb.QUIT -> drain(Quit.decode(message, SIGTERM_DRAIN_MILLIS).timeoutMillis());
            case Verb.TERMINATE -> stop("TERMINATE from master");
            case Verb.REOPEN -> reopenFiles();
            case Verb.FAULTS -> applyFaults(message);
            default -> Log.get().debug("ignoring control message " + message);
        }
    }

    private void applyFaults(Message message) {
        try {
            faults.apply(FaultsMessage.decode(message));
        } catch (MalformedMessageException e) {
            Log.get().warn("ignoring bad FAULTS from master: " + e.getMessage());
        }
    }

    @Override
    public void onClosed(String reason) {
        stop("master gone: " + reason);
    }

    private void handleSignals() {
        if (signals.takeFast()) {
            stop("SIGINT");
        }
        if (signals.takeGraceful()) {
            Log.get().info("SIGTERM: draining");
            drain(SIGTERM_DRAIN_MILLIS);
        }
        if (signals.takeReopen()) {
            reopenFiles();
        }
    }

    private void heartbeat() {
        WorkerStats stats = io.stats();
        send(new Heartbeat(stats.connections(), stats.accepted(), stats.bytesIn(), stats.bytesOut(), stats.perListener(),
                stats.perListenerDrops()).encode());
        for (ListenerStats listener : stats.listeners()) {
            String drops = listener.takeDropSummary();
            if (drops != null) {
                Log.get().warn(drops);
            }
        }
        // Backup for a master that died without its control socket noticing: we were re-parented.
        // -1 means the lookup failed, not that the parent changed: ProcessHandle reads /proc, which
        // fails with EMFILE when the worker is out of descriptors, and exiting then would be wrong.
        long parent = parentPid();
        if (parent != parentPid && parent != -1) {
            stop("parent process changed from " + parentPid + " to " + parent + ": master gone");
        }
    }

    private void drain(long timeoutMillis) {
        if (state != State.SERVING) {
            return;
        }
        state = State.DRAINING;
        drainDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
        acceptors.stop();
        long open = io.stats().connections();
        send(new Draining(open).encode());
        Log.get().info("draining: " + open + " connection(s) open, timeout " + timeoutMillis + " ms");
        checkDrain(System.nanoTime());
    }

    private void checkDrain(long now) {
        long open = io.stats().connections();
        if (open == 0) {
            stop("drained");
        } else if (now - drainDeadline >= 0) {
            stop("drain timeout passed with " + open + " connection(s) open");
        }
    }

    private void stop(String reason) {
        if (state == State.DONE) {
            return;
        }
        state = State.DONE;
        Log.get().info("exiting: " + reason);
    }

    private void send(Message message) {
        try {
            control.send(message);
        } catch (IOException e) {
            control.close("send of " + message.verb() + " failed: " + Log.describe(e));
        }
    }

    /** The log first, so that what the dump files say about their reopening lands in the new log. */
    private void reopenFiles() {
        try {
            Log.get().reopen();
            Log.get().info("log file reopened");
        } catch (IOException e) {
            Log.get().error("reopen of log file " + Log.get().file() + " failed", e);
        }
        acceptors.reopenFiles();
    }

    /** Closes every channel this worker holds; the listening sockets live on in the master. */
    void shutdown() {
        List<SelectionKey> keys = new ArrayList<>(selector.keys());
        for (SelectionKey key : keys) {
            ((ChannelHandler) key.attachment()).close("worker exiting");
        }
        // A no-op when the loop above closed it; covers a start() that failed before registering it.
        control.close("worker exiting");
        try {
            selector.close();
        } catch (IOException e) {
            Log.get().debug("selector close failed: " + Log.describe(e));
        }
        Log.get().flush();
    }

    private static long parentPid() {
        return ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L);
    }
}
