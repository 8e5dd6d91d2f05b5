package tcpecho.worker;

import java.io.IOException;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.log.Level;
import tcpecho.common.log.Log;
import tcpecho.common.proc.ProcessTitle;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;

/**
 * Entry point of the worker JVM ({@link WorkerArgs#MAIN_CLASS}): reads its arguments, adopts the
 * inherited listeners, says HELLO to the master and runs the event loop until told to stop.
 * Anything wrong with what the master handed over exits with {@link ExitCodes#FATAL_CONFIG}, so
 * the master does not respawn a worker that would fail the same way.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] argv) {
        int code = run(argv);
        Log.get().flush();
        System.exit(code);
    }

    static int run(String[] argv) {
        WorkerArgs args;
        try {
            args = WorkerArgs.parse(argv);
            configureLog(args);
        } catch (IllegalArgumentException | IOException e) {
            Log.get().error("bad worker arguments: " + e.getMessage());
            return ExitCodes.FATAL_CONFIG;
        }
        ProcessTitle.set(ProcessTitle.worker(args.slot()));
        try {
            return serve(args);
        } catch (StartupException e) {
            Log.get().error(e.getMessage());
            return ExitCodes.FATAL_CONFIG;
        }
    }

    private static void configureLog(WorkerArgs args) throws IOException {
        Log log = Log.get();
        log.setSubject("worker[" + args.slot() + "]");
        log.setFormat(args.logFormat());
        log.setLevel(Level.parse(args.logLevel()));
        if (args.logFile() != null) {
            log.setFile(args.logFile());
        }
        // The event loop flushes once per turn: a burst of connection lines costs one write.
        log.setAutoFlush(false);
    }

    private static int serve(WorkerArgs args) throws StartupException {
        IoContext io;
        try {
            io = IoContext.create(args.maxPendingBytes(), PendingBudget.defaultLimit(args.maxPendingBytes()),
                    args.limits());
        } catch (IllegalArgumentException e) {
            throw new StartupException("bad worker arguments: " + e.getMessage());
        }
        ControlChannel control = connect(args);
        Selector selector;
        Worker worker;
        try {
            selector = Selector.open();
            List<Timed> timers = new ArrayList<>();
            worker = new Worker(args, selector, io, adopt(args, io, timers), timers, control);
            worker.start();
        } catch (IOException e) {
            throw new StartupException("worker start failed: " + Log.describe(e));
        }
        new EventLoop(selector).run(worker);
        worker.shutdown();
        return ExitCodes.OK;
    }

    private static ControlChannel connect(WorkerArgs args) throws StartupException {
        try {
            ControlChannel control = ControlChannel.connect(args.controlSocket());
            control.send(Message.of(Verb.HELLO).with("slot", args.slot()).with("generation", args.generation())
                    .with("pid", ProcessHandle.current().pid()));
            return control;
        } catch (IOException e) {
            throw new StartupException("cannot reach the master's control socket: " + e.getMessage());
        }
    }

    /** Adopts every listener; a protocol with timers of its own (proxy connect timeouts) adds them to {@code timers}. */
    private static Acceptors adopt(WorkerArgs args, IoContext io, List<Timed> timers) throws StartupException {
        Acceptors acceptors = new Acceptors(args.limits().maxConnections(), io.stats());
        for (InheritedListener listener : args.listeners()) {
            try {
                ListenerStats stats = io.stats().listener(listener.name());
                if (listener.isDatagram()) {
                    Protocols.checkOptions(listener, Set.of());
                    acceptors.add(new UdpEcho(InheritedSockets.adoptDatagram(listener), io.readBuffer(), stats));
                    continue;
                }
                Protocol protocol = Protocols.forListener(listener, io, stats, args.slot());
                if (protocol instanceof Timed timed) {
                    timers.add(timed);
                }
                acceptors.add(new Acceptor(InheritedSockets.adopt(listener), listener, protocol, acceptors,
                        args.limits()));
            } catch (IOException | IllegalArgumentException e) {
                throw new StartupException(e.getMessage());
            }
        }
        return acceptors;
    }

    /** A start-up failure whose message is the whole story for the log. */
    private static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }
}
