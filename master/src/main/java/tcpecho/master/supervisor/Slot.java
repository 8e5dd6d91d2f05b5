package tcpecho.master.supervisor;

/** A worker position (1..N) that outlives the processes filling it: restarts and backoff live here. */
final class Slot {
    final int number;
    Backoff backoff = new Backoff();
    WorkerProcess worker;
    int restarts;
    long respawnAt = -1;
    String failure;

    Slot(int number) {
        this.number = number;
    }

    boolean failed() {
        return failure != null;
    }
}
