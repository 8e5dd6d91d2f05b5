package tcpecho.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tcpecho.common.fault.Fault;

/**
 * A direction's faults folded into what {@link FaultChain} acts on, once per connection: latencies
 * (each {@code {nanos, jitterNanos}}) add up; the lowest bandwidth and the smallest slicer win; of
 * the byte limits (limit-data, reset-peer's bytes) the smallest ends the connection once passed;
 * of the deadlines (timeout, reset-peer's timeout) the earliest does; slow-close delays add up.
 */
record FaultEffects(List<long[]> latencies, long bytesPerSecond, int sliceAverage, int sliceVariation,
                    long sliceDelayMicros, long slowCloseNanos, boolean dropAll, long limitBytes, boolean limitReset,
                    String limitReason, long endAfterNanos, boolean endReset, String endReason) {

    static FaultEffects of(List<Fault> faults) {
        Builder b = new Builder();
        for (Fault fault : faults) {
            b.add(fault);
        }
        return new FaultEffects(List.copyOf(b.latencies), b.bytesPerSecond, b.sliceAverage, b.sliceVariation,
                b.sliceDelayMicros, b.slowCloseNanos, b.dropAll, b.limitBytes, b.limitReset, b.limitReason,
                b.endAfterNanos, b.endReset, b.endReason);
    }

    private static final class Builder {
        final List<long[]> latencies = new ArrayList<>();
        long bytesPerSecond;
        int sliceAverage;
        int sliceVariation;
        long sliceDelayMicros;
        long slowCloseNanos;
        boolean dropAll;
        long limitBytes = Long.MAX_VALUE;
        boolean limitReset;
        String limitReason;
        long endAfterNanos = Long.MAX_VALUE;
        boolean endReset;
        String endReason;

        void add(Fault f) {
            switch (f.type()) {
                case LATENCY -> latencies.add(new long[] {millis(f.get("latency")), millis(f.get("jitter"))});
                case BANDWIDTH -> {
                    long rate = (long) f.get("rate") * 1000;
                    bytesPerSecond = bytesPerSecond == 0 ? rate : Math.min(bytesPerSecond, rate);
                }
                case SLICER -> {
                    int average = (int) f.get("average_size");
                    if (sliceAverage == 0 || average < sliceAverage) {
                        sliceAverage = average;
                        sliceVariation = (int) Math.min(f.get("size_variation"), average - 1);
                        sliceDelayMicros = (long) f.get("delay");
                    }
                }
                case SLOW_CLOSE -> slowCloseNanos += millis(f.get("delay"));
                case TIMEOUT -> {
                    dropAll = true;
                    if (f.get("timeout") > 0) {
                        deadline(millis(f.get("timeout")), false, f.name() + ": timeout after "
                                + (long) f.get("timeout") + " ms");
                    }
                }
                case RESET_PEER -> {
                    if (f.get("bytes") > 0) {
                        limit((long) f.get("bytes"), true, f.name() + ": reset after " + (long) f.get("bytes") + " bytes");
                    }
                    if (f.get("bytes") == 0 || f.get("timeout") > 0) {
                        deadline(millis(f.get("timeout")), true, f.name() + ": reset after "
                                + (long) f.get("timeout") + " ms");
                    }
                }
                case LIMIT_DATA -> limit((long) f.get("bytes"), false, f.name() + ": limit of "
                        + (long) f.get("bytes") + " bytes reached");
                case LOSS -> {
                    // datagrams only; config and the control socket refuse it on TCP listeners
                }
            }
        }

        private void limit(long bytes, boolean reset, String reason) {
            if (bytes < limitBytes) {
                limitBytes = bytes;
                limitReset = reset;
                limitReason = reason;
            }
        }

        private void deadline(long nanos, boolean reset, String reason) {
            if (nanos < endAfterNanos) {
                endAfterNanos = nanos;
                endReset = reset;
                endReason = reason;
            }
        }

        private static long millis(double value) {
            return TimeUnit.MILLISECONDS.toNanos((long) value);
        }
    }
}
