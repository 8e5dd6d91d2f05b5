package tcpecho.master.supervisor;

import tcpecho.master.os.ExitStatus;

/** A worker the {@link Reaper} collected, with how it ended. */
record WorkerExit(WorkerProcess worker, ExitStatus status) {
}
