package tcpecho.worker;

import java.nio.channels.Selector;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import tcpecho.common.log.Log;

/**
 * Signals a worker honours so that {@code kill} works without the master: TERM drains like QUIT,
 * INT stops at once, USR1 reopens the log. The handlers run on a JVM signal thread, so they only
 * raise a flag and wake the selector; the event loop does the work.
 */
final class SignalFlags {
    private final AtomicBoolean graceful = new AtomicBoolean();
    private final AtomicBoolean fast = new AtomicBoolean();
    private final AtomicBoolean reopen = new AtomicBoolean();

    void install(Selector selector) {
        on("TERM", graceful, selector);
        on("INT", fast, selector);
        on("USR1", reopen, selector);
    }

    private static void on(String name, AtomicBoolean flag, Selector selector) {
        try {
            SignalHandler previous = Signal.handle(new Signal(name), signal -> {
                flag.set(true);
                selector.wakeup();
            });
            if (previous == SignalHandler.SIG_IGN) {
                // The JVM leaves a signal that was ignored at exec ignored (nohup, scripts without
                // job control) and says so only through this return value.
                Log.get().warn("SIG" + name + " was ignored when this worker started and stays ignored");
            }
        } catch (IllegalArgumentException taken) {
            Log.get().warn("cannot handle SIG" + name + ": " + taken.getMessage());
        }
    }

    boolean takeGraceful() {
        return graceful.getAndSet(false);
    }

    boolean takeFast() {
        return fast.getAndSet(false);
    }

    boolean takeReopen() {
        return reopen.getAndSet(false);
    }
}
