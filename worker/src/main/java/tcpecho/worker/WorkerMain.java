package tcpecho.worker;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.launch.InheritedListener;
import tcpecho.common.launch.WorkerArgs;
import tcpecho.common.listener.EchoUdpOptions;
import tcpecho.common.listener.ListenerOptions;
import tcpecho.common.listener.ProxyProtocolOptions;
import tcpecho.common.log.Log;
import tcpecho.common.proc.ProcessTitle;
import tcpecho.common.tls.TlsFileException;
import tcpecho.common.wire.Hello;

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
        log.setLevel(args.logLevel());
        if (args.logFile() != null) {
            log.setFile(args.logFile());
        }
        // The event loop flushes once per turn: a burst of connection lines costs one write.
        log.setAutoFlush(false);
    }

    private static int serve(WorkerArgs args) throws StartupException {
        IoContext io;
        try {
            io = IoContext.create(args.maxUnsent(), PendingBudget.defaultLimit(args.maxUnsent()),
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
            WorkerFaults faults = new WorkerFaults();
            timers.add(faults.timers);
            worker = new Worker(args, selector, io, adopt(args, io, timers, faults), timers, control, faults);
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
            control.send(new Hello(args.slot(), args.generation(), ProcessHandle.current().pid()).encode());
            return control;
        } catch (IOException e) {
            throw new StartupException("cannot reach the master's control socket: " + e.getMessage());
        }
    }

    /** Adopts every listener; a protocol with timers of its own (proxy connect timeouts) adds them to {@code timers}. */
    private static Acceptors adopt(WorkerArgs args, IoContext io, List<Timed> timers, WorkerFaults faults)
            throws StartupException {
        Acceptors acceptors = new Acceptors(args.limits().maxConnections(), io.stats());
        TlsSetup tls = new TlsSetup(io.budget());
        Map<InheritedListener, DatagramChannel> datagrams = new LinkedHashMap<>();
        Map<InheritedListener, ListenerFaults> datagramFaults = new LinkedHashMap<>();
        for (InheritedListener listener : args.listeners()) {
            try {
                ListenerFaults listenerFaults = faults.add(listener);
                if (listener.isDatagram()) {
                    datagramFaults.put(listener, listenerFaults);
                    datagrams.put(listener, InheritedSockets.adoptDatagram(listener));
                    continue;
                }
                ListenerStats stats = io.stats().listener(listener.name(), false);
                TransportFactory transports = tls.transportsFor(listener);
                if (transports instanceof Timed timed) {
                    timers.add(timed);
                }
                ProtocolHandler protocol = Protocols.forListener(listener, io, stats, args.slot(), transports,
                        listenerFaults);
                if (protocol instanceof Timed timed) {
                    timers.add(timed);
                }
                ListenerOptions options = listener.options();
                AccessGate accessGate = new AccessGate(options.access(), stats, args.limits().sendReset());
                ClientGate clientGate = ClientGate.of(options.tcp().perClient(), stats, args.limits().sendReset(),
                        System.nanoTime());
                Acceptor acceptor = new Acceptor(InheritedSockets.adopt(listener), listener, protocol, acceptors,
                        args.limits(), accessGate, clientGate);
                ProxyProtocolOptions proxyProtocol = options.tcp().proxyProtocol();
                if (proxyProtocol.enabled()) {
                    HeaderGate headers = new HeaderGate(proxyProtocol, io, stats, args.limits().sendReset(),
                            (channel, origin, selector) -> acceptor.admit(channel, origin, selector, System.nanoTime()));
                    acceptor.expectHeaders(headers);
                    timers.add(headers);
                }
                acceptors.add(acceptor);
            } catch (IOException | IllegalArgumentException | TlsFileException e) {
                throw new StartupException(e.getMessage());
            }
        }
        if (!datagrams.isEmpty()) {
            OwnSockets own = OwnSockets.of(localAddresses(datagrams.values()));
            TokenBucket workerCap = UdpGuard.workerCap(args.udpRatePerWorker(), System.nanoTime());
            datagrams.forEach((listener, channel) -> {
                EchoUdpOptions udp = (EchoUdpOptions) listener.options().protocol();
                UdpGuard guard = new UdpGuard(udp.loopGuard(), udp.perSource(), own, workerCap);
                acceptors.add(new UdpEcho(channel, io.readBuffer(), io.stats().listener(listener.name(), true), guard,
                        listener.options().access(), datagramFaults.get(listener), args.maxUnsent()));
            });
        }
        return acceptors;
    }

    /** Where our UDP sockets are bound: a datagram from one of these must not be answered. */
    private static List<InetSocketAddress> localAddresses(Iterable<DatagramChannel> channels) throws StartupException {
        List<InetSocketAddress> bound = new ArrayList<>();
        for (DatagramChannel channel : channels) {
            try {
                bound.add((InetSocketAddress) channel.getLocalAddress());
            } catch (IOException e) {
                throw new StartupException("getsockname() of an inherited UDP socket failed: " + Log.describe(e));
            }
        }
        return bound;
    }

    /** A start-up failure whose message is the whole story for the log. */
    private static final class StartupException extends Exception {
        StartupException(String message) {
            super(message);
        }
    }
}
