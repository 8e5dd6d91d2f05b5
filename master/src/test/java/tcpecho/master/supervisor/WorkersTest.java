package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tcpecho.common.log.Log;
import tcpecho.common.launch.ExitCodes;
import tcpecho.common.wire.Heartbeat;
import tcpecho.common.wire.MessageCodec;
import tcpecho.master.metrics.MetricsSnapshot;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.Signals;

/**
 * The supervisor's decisions about worker processes (respawn, back off, give up, kill), made by
 * {@link Workers} and the classes that act on it ({@link Reaper}, {@link WorkerShutdown},
 * {@link Respawns}, {@link WorkerMessages}), driven as its housekeeping pass drives them, with a
 * fake Posix and a fake clock.
 */
class WorkersTest {
    private static final Duration WORKER_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(10);

    private final FakePosix posix = new FakePosix();
    private final FakeClock clock = new FakeClock();
    private final Workers workers = new Workers();
    private final WorkerMessages messages = new WorkerMessages(workers);
    private final Reaper reaper = new Reaper(workers, posix);
    private final WorkerShutdown shutdown = new WorkerShutdown(workers, posix);
    private final Respawns respawns = new Respawns(workers);
    private final List<Slot> respawned = new ArrayList<>();
    private long nextPid = 100;

    @TempDir
    Path dir;

    /**
     * The log goes to a file: the log writes to fd 1 itself, which in a Surefire fork corrupts the
     * channel to Maven, and its error lines read like build failures in the output.
     */
    @BeforeEach
    void twoSlotsLoggingToAFile() throws IOException {
        Log.get().setFile(dir.resolve("master.log"));
        workers.resize(2);
        workers.slots().forEach(this::spawn);
    }

    @AfterEach
    void logToStandardOutputAgain() throws IOException {
        Log.get().setFile(null);
    }

    @Test
    void aWorkerExitingWithTheFatalConfigCodeIsNotRespawnedAndItsSlotFails() throws IOException {
        WorkerProcess worker = slot(1).worker;
        clock.advance(Duration.ofSeconds(5));

        posix.exit(worker.pid, ExitStatus.exited(ExitCodes.FATAL_CONFIG));
        housekeeping();
        clock.advance(Duration.ofMinutes(5));
        housekeeping();

        assertTrue(slot(1).failed());
        assertEquals("exited with code 78, a fatal error: not respawning", slot(1).failure);
        assertEquals(List.of(), respawned);
        assertNull(slot(1).worker);
        assertTrue(Files.readString(dir.resolve("master.log"))
                .contains(" error tcp-echo: worker[1] pid 100 exited with code 78, a fatal error: not respawning\n"));
    }

    @Test
    void aQuickDeathIsRespawnedAfter100Ms() {
        WorkerProcess worker = slot(2).worker;
        clock.advance(Duration.ofMillis(500));

        posix.exit(worker.pid, ExitStatus.killedBy(Signals.SIGKILL));
        housekeeping();
        clock.advance(Duration.ofMillis(99));
        housekeeping();
        assertEquals(List.of(), respawned, "not before 100 ms");
        clock.advance(Duration.ofMillis(1));
        housekeeping();

        assertEquals(List.of(slot(2)), respawned);
        assertEquals(1, slot(2).restarts);
        assertFalse(slot(2).failed());
    }

    @Test
    void aDeathAfterAStableRunIsRespawnedAtOnce() {
        WorkerProcess worker = slot(1).worker;
        clock.advance(Duration.ofMinutes(10));

        posix.exit(worker.pid, ExitStatus.exited(1));
        housekeeping();

        assertEquals(List.of(slot(1)), respawned);
        assertEquals(1, slot(1).restarts);
    }

    @Test
    void aWorkerThatServedForASecondIsRespawnedAtOnceHoweverLongItsStartTook() {
        WorkerProcess worker = slot(1).worker;
        messages.ready(worker, clock.advance(Duration.ofMillis(900)));
        clock.advance(Duration.ofSeconds(1));

        posix.exit(worker.pid, ExitStatus.killedBy(Signals.SIGKILL));
        housekeeping();

        assertEquals(List.of(slot(1)), respawned);
        assertEquals(0, slot(1).backoff.quickDeaths());
    }

    @Test
    void aWorkerDyingSoonAfterReadyIsAQuickDeathHoweverLongItsStartTook() {
        WorkerProcess worker = slot(1).worker;
        messages.ready(worker, clock.advance(Duration.ofSeconds(3)));
        clock.advance(Duration.ofMillis(300));

        posix.exit(worker.pid, ExitStatus.exited(1));
        housekeeping();
        assertEquals(List.of(), respawned, "not at once: it served for 300 ms only");
        clock.advance(Backoff.INITIAL);
        housekeeping();

        assertEquals(List.of(slot(1)), respawned);
        assertEquals(1, slot(1).backoff.quickDeaths());
    }

    @Test
    void tenQuickDeathsInARowAreACrashLoopAndTheSlotIsGivenUp() {
        for (int death = 1; death <= 10; death++) {
            clock.advance(Duration.ofMillis(200));
            posix.exit(slot(1).worker.pid, ExitStatus.exited(1));
            housekeeping();
            clock.advance(Duration.ofSeconds(10));
            housekeeping();
        }

        assertTrue(slot(1).failed());
        assertEquals("crash loop: 10 quick exits in a row, last with code 1: not respawning", slot(1).failure);
        assertEquals(9, slot(1).restarts);
        assertNull(slot(1).worker);
    }

    @Test
    void aReadyWorkerWithoutHeartbeatForTheWorkerTimeoutGetsSigkillOnce() {
        WorkerProcess worker = slot(1).worker;
        messages.ready(worker, clock.getAsLong());

        shutdown.enforceDeadlines(clock.advance(WORKER_TIMEOUT), WORKER_TIMEOUT, READY_TIMEOUT);
        assertEquals(List.of(), killsOf(worker), "exactly worker-timeout without a heartbeat is still within it");
        shutdown.enforceDeadlines(clock.advance(Duration.ofMillis(1)), WORKER_TIMEOUT, READY_TIMEOUT);
        shutdown.enforceDeadlines(clock.advance(Duration.ofSeconds(1)), WORKER_TIMEOUT, READY_TIMEOUT);

        assertEquals(List.of(Signals.SIGKILL), killsOf(worker));
        assertEquals(WorkerProcess.State.STOPPING, worker.state);
    }

    @Test
    void heartbeatsKeepAReadyWorkerAlive() {
        WorkerProcess worker = slot(1).worker;
        messages.ready(worker, clock.getAsLong());

        for (int i = 0; i < 10; i++) {
            worker.recordHeartbeat(new Heartbeat(i, 0, 0, 0, List.of(), List.of()), clock.advance(Duration.ofSeconds(20)));
            shutdown.enforceDeadlines(clock.advance(Duration.ofSeconds(20)), WORKER_TIMEOUT, READY_TIMEOUT);
        }

        assertEquals(List.of(), killsOf(worker));
        assertEquals(9, worker.connections);
    }

    @Test
    void aMalformedHeartbeatKeepsTheWorkerAliveAndItsLastCounters() throws Exception {
        WorkerProcess worker = slot(1).worker;
        messages.ready(worker, clock.getAsLong());
        messages.heartbeat(worker, new Heartbeat(4, 0, 0, 0, List.of(), List.of()).encode(), clock.getAsLong());

        messages.heartbeat(worker, MessageCodec.decode("HEARTBEAT connections=x"), clock.advance(Duration.ofSeconds(20)));
        shutdown.enforceDeadlines(clock.advance(Duration.ofSeconds(20)), WORKER_TIMEOUT, READY_TIMEOUT);

        assertEquals(List.of(), killsOf(worker));
        assertEquals(4, worker.connections);
    }

    @Test
    void aWorkerNeverReadyWithinTheReadyTimeoutGetsSigkill() {
        WorkerProcess worker = slot(2).worker;

        shutdown.enforceDeadlines(clock.advance(READY_TIMEOUT), WORKER_TIMEOUT, READY_TIMEOUT);
        assertEquals(List.of(), killsOf(worker), "exactly ready-timeout is still within it");
        shutdown.enforceDeadlines(clock.advance(Duration.ofMillis(1)), WORKER_TIMEOUT, READY_TIMEOUT);
        shutdown.enforceDeadlines(clock.advance(Duration.ofSeconds(5)), WORKER_TIMEOUT, READY_TIMEOUT);

        assertEquals(List.of(Signals.SIGKILL), killsOf(worker));
    }

    @Test
    void aDrainingWorkerPastItsKillDeadlineGetsSigkillOnce() {
        WorkerProcess worker = slot(1).worker;
        messages.ready(worker, clock.getAsLong());
        long killAt = clock.getAsLong() + Duration.ofSeconds(3).toNanos();

        // No control connection in this test: the master falls back to SIGTERM for the drain request.
        shutdown.drain(List.of(worker), 1000, killAt);
        shutdown.enforceDeadlines(clock.advance(Duration.ofMillis(2999)), WORKER_TIMEOUT, READY_TIMEOUT);
        assertEquals(List.of(Signals.SIGTERM), killsOf(worker));
        shutdown.enforceDeadlines(clock.advance(Duration.ofMillis(1)), WORKER_TIMEOUT, READY_TIMEOUT);
        shutdown.enforceDeadlines(clock.advance(Duration.ofSeconds(1)), WORKER_TIMEOUT, READY_TIMEOUT);
        shutdown.enforceDeadlines(clock.advance(Duration.ofMinutes(1)), WORKER_TIMEOUT, READY_TIMEOUT);

        assertEquals(List.of(Signals.SIGTERM, Signals.SIGKILL), killsOf(worker));
    }

    @Test
    void aReapedWorkerLeavesItsSlotAndTheLiveList() {
        WorkerProcess worker = slot(1).worker;
        posix.exit(worker.pid, ExitStatus.exited(0));

        List<WorkerExit> exits = reaper.reap(false);

        assertEquals(List.of(new WorkerExit(worker, ExitStatus.exited(0))), exits);
        assertNull(slot(1).worker);
        assertFalse(workers.all().contains(worker));
        assertSame(slot(2).worker, workers.all().get(0));
    }

    @Test
    void aReapedWorkersListenerCountsStayInTheListenerTotals() {
        WorkerProcess worker = slot(1).worker;
        worker.recordHeartbeat(CounterTotalsTest.heartbeat("echo:3:8:80:80", null), clock.getAsLong());
        List<ListenerBinding> echo = List.of(CounterTotalsTest.binding("echo", "echo"));
        posix.exit(worker.pid, ExitStatus.killedBy(Signals.SIGKILL));

        reaper.reap(false);

        assertEquals(List.of(new MetricsSnapshot.Listener("echo", "echo", 0, 8, 80, 80)), workers.listenerTotals(echo));
    }

    /** As PID 1 the master reaps processes it never started (re-parented orphans) and leaves its workers be. */
    @Test
    void asInitProcessOrphansAreReapedAndNoWorkerIsTouched() {
        posix.orphanExited(4242, ExitStatus.exited(0));
        posix.orphanExited(4243, ExitStatus.killedBy(9));

        List<WorkerExit> exits = reaper.reap(true);

        assertEquals(List.of(), exits);
        assertEquals(2, workers.all().size());
        assertNull(posix.reapAny(), "both orphans were collected");
    }

    @Test
    void asInitProcessAWorkerReapedByWaitpidAnyStillCountsAsThatWorkersExit() {
        WorkerProcess worker = slot(2).worker;
        posix.orphanExited(worker.pid, ExitStatus.killedBy(9));

        List<WorkerExit> exits = reaper.reap(true);

        assertEquals(List.of(new WorkerExit(worker, ExitStatus.killedBy(9))), exits);
        assertNull(slot(2).worker);
    }

    /**
     * Product bug: when waitpid fails, Reaper.reap drops the worker from the live list but leaves
     * it in its slot and reports no exit, so the slot is never respawned and status lists neither
     * a worker nor a down slot for it.
     */
    @Test
    void aWorkerWhoseReapFailsDoesNotKeepItsSlotForever() {
        WorkerProcess worker = slot(1).worker;
        posix.failReap(worker.pid);

        housekeeping();
        clock.advance(Duration.ofSeconds(30));
        housekeeping();

        assertFalse(workers.all().contains(worker));
        assertTrue(slot(1).worker != worker, "slot 1 still holds pid " + worker.pid + ", which is no longer tracked");
        assertEquals(List.of(slot(1)), respawned, "slot 1 refilled");
    }

    /**
     * Product bug: a slot that was given up as a crash loop keeps its 10 quick deaths after a
     * reload (Workers.adopt clears the failure, not the backoff), so the first quick death of a
     * worker of the new generation gives the slot up again at once instead of respawning it.
     */
    @Test
    void aReloadGivesACrashLoopedSlotAFreshBackoff() {
        for (int death = 1; death <= 10; death++) {
            clock.advance(Duration.ofMillis(200));
            posix.exit(slot(1).worker.pid, ExitStatus.exited(1));
            housekeeping();
            clock.advance(Duration.ofSeconds(10));
            housekeeping();
        }
        assertTrue(slot(1).failed());
        WorkerProcess next1 = new WorkerProcess(1, 2, nextPid++, clock.getAsLong());
        WorkerProcess next2 = new WorkerProcess(2, 2, nextPid++, clock.getAsLong());
        workers.track(next1);
        workers.track(next2);
        workers.adopt(Map.of(1, next1, 2, next2), 2);

        clock.advance(Duration.ofMillis(500));
        posix.exit(next1.pid, ExitStatus.exited(1));
        housekeeping();
        clock.advance(Duration.ofMillis(100));
        housekeeping();

        assertFalse(slot(1).failed(), "slot 1 failed after one quick death in generation 2: " + slot(1).failure);
        assertNotNull(slot(1).worker);
    }

    /** One pass of the supervisor's housekeeping, as Supervisor.housekeeping runs it for a serving generation. */
    private void housekeeping() {
        for (WorkerExit exit : reaper.reap(false)) {
            respawns.schedule(exit.worker(), exit.status(), clock.getAsLong());
        }
        shutdown.enforceDeadlines(clock.getAsLong(), WORKER_TIMEOUT, READY_TIMEOUT);
        respawns.due(clock.getAsLong(), slot -> {
            respawned.add(slot);
            spawn(slot);
        });
    }

    private void spawn(Slot slot) {
        workers.started(slot, new WorkerProcess(slot.number, 1, nextPid++, clock.getAsLong()));
    }

    private List<Integer> killsOf(WorkerProcess worker) {
        return posix.kills.stream().filter(k -> k.pid() == worker.pid).map(FakePosix.Kill::signal).toList();
    }

    private Slot slot(int number) {
        return workers.slots().get(number - 1);
    }
}
