package tcpecho.master.supervisor;

import java.util.ArrayList;
import java.util.List;
import tcpecho.common.log.Log;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;

/** Collects exited workers (waitpid) and retires them from {@link Workers}; as PID 1, every other child too. */
final class Reaper {
    private final Workers workers;
    private final Posix posix;
    private final Log log = Log.get();

    Reaper(Workers workers, Posix posix) {
        this.workers = workers;
        this.posix = posix;
    }

    /**
     * Reaps every worker that has exited; with {@code orphansToo} (the master is PID 1, in a
     * container) also every other child, so that processes re-parented to it do not stay zombies.
     */
    List<WorkerExit> reap(boolean orphansToo) {
        List<WorkerExit> exits = new ArrayList<>();
        for (WorkerProcess worker : workers.all()) {
            ExitStatus status;
            try {
                status = posix.reap(worker.pid);
            } catch (NativeException failed) {
                // Not our child any more (ECHILD): treat it as gone, so its slot is refilled.
                log.error(failed.getMessage() + " - treating " + worker.name() + " as exited");
                status = ExitStatus.unknown();
            }
            if (status != null) {
                exits.add(workers.retire(worker, status));
            }
        }
        if (orphansToo) {
            reapOrphans(exits);
        }
        return exits;
    }

    private void reapOrphans(List<WorkerExit> exits) {
        try {
            for (Posix.Reaped child = posix.reapAny(); child != null; child = posix.reapAny()) {
                long pid = child.pid();
                WorkerProcess worker = workers.byPid(pid);
                if (worker != null) {
                    // exited after its own waitpid above: the same exit, collected here
                    exits.add(workers.retire(worker, child.status()));
                } else {
                    log.info("reaped pid " + pid + " (" + child.status() + "), a process re-parented to the master"
                            + " as PID 1");
                }
            }
        } catch (NativeException failed) {
            log.error(failed.getMessage());
        }
    }
}
