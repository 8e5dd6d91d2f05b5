package tcpecho.worker;

import java.nio.ByteBuffer;
import tcpecho.common.launch.ConnectionLimits;

/**
 * What all connections of a worker share: the one read buffer, the counters, the budget for
 * unsent bytes, lingering closes and the turns of connections holding buffered (TLS) input. Sharing the read buffer is safe because a single thread runs every connection and
 * no connection keeps data in it between two calls.
 */
record IoContext(ByteBuffer readBuffer, WorkerStats stats, PendingBudget budget, int maxUnsentBytes,
                 ConnectionLimits limits, Lingering lingering, BufferedInputTurns bufferedInput) {

    /** 64 KiB: one read fills what a full socket receive window usually holds. */
    static final int READ_BUFFER_BYTES = 64 * 1024;

    static IoContext create(int maxUnsentBytes, long totalPendingBytes, ConnectionLimits limits) {
        if (maxUnsentBytes < 1) {
            throw new IllegalArgumentException("max-unsent must be at least 1 byte, got " + maxUnsentBytes);
        }
        ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        return new IoContext(readBuffer, new WorkerStats(), new PendingBudget(totalPendingBytes), maxUnsentBytes,
                limits, new Lingering(limits.lingerTimeoutMillis(), readBuffer), new BufferedInputTurns());
    }
}
