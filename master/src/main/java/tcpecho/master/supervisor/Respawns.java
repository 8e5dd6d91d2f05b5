package tcpecho.master.supervisor;

import java.time.Duration;
import java.util.function.Consumer;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.log.Log;
import tcpecho.master.os.ExitStatus;

/**
 * What follows the death of a serving worker: a respawn after its slot's backoff, or none when it
 * exited with the fatal-config code or its slot is in a crash loop.
 */
final class Respawns {
    private final Workers workers;
    private final Log log = Log.get();

    Respawns(Workers workers) {
        this.workers = workers;
    }

    /** Decides what follows the death of a serving worker: respawn now, later, or never. */
    void schedule(WorkerProcess worker, ExitStatus status, long now) {
        Slot slot = workers.slotOf(worker.slot);
        if (slot == null) {
            return;
        }
        if (!status.bySignal() && status.code() == ExitCodes.FATAL_CONFIG) {
            slot.failure = "exited with " + status + ", a fatal error: not respawning";
            log.error(worker.name() + " " + slot.failure);
            return;
        }
        // From READY where it came: the JVM's own start (60 ms quiet, over a second on a loaded
        // machine) says nothing about whether the worker would die again.
        long ranSince = worker.readyAt >= 0 ? worker.readyAt : worker.spawnedAt;
        Duration delay = slot.backoff.afterExit(Duration.ofNanos(now - ranSince));
        if (slot.backoff.exhausted()) {
            slot.failure = "crash loop: " + slot.backoff.quickDeaths() + " quick exits in a row, last with " + status
                    + ": not respawning";
            log.error(worker.name() + " " + slot.failure);
            return;
        }
        slot.respawnAt = now + delay.toNanos();
        log.warn(worker.name() + " exited with " + status + " - respawning in " + delay.toMillis() + " ms");
    }

    /** Hands each empty slot whose respawn time has come to {@code spawn}. */
    void due(long now, Consumer<Slot> spawn) {
        for (Slot slot : workers.slots()) {
            if (slot.worker == null && !slot.failed() && slot.respawnAt >= 0 && now >= slot.respawnAt) {
                slot.restarts++;
                slot.respawnAt = -1;
                spawn.accept(slot);
            }
        }
    }
}
