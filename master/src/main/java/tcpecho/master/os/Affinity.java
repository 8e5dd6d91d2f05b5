package tcpecho.master.os;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;

/**
 * sched_setaffinity(2) through jnr-ffi: jnr-posix has no binding for it. Loaded on first use, so a
 * master with worker-cpu-affinity off never binds it.
 */
final class Affinity {
    /* from bits/cpu-set.h: __CPU_SETSIZE = 1024 bits, a cpu_set_t of 16 unsigned longs */
    private static final int CPU_SETSIZE = 1024;
    private static final int BITS_PER_LONG = 64;

    /** The libc function, as in sched.h: int sched_setaffinity(pid_t, size_t, const cpu_set_t *). */
    public interface LibC {
        @SaveError
        int sched_setaffinity(int pid, long cpusetsize, long[] mask);
    }

    private final LibC libc;
    private final Runtime runtime;

    private Affinity(LibC libc) {
        this.libc = libc;
        this.runtime = Runtime.getRuntime(libc);
    }

    static Affinity load() {
        return new Affinity(LibraryLoader.create(LibC.class).load("c"));
    }

    /** The cpu_set_t with only {@code cpu} set: bit cpu % 64 of word cpu / 64 (CPU_SET in sched.h). */
    static long[] maskOf(int cpu) {
        if (cpu < 0 || cpu >= CPU_SETSIZE) {
            throw new IllegalArgumentException("CPU " + cpu + " is outside 0.." + (CPU_SETSIZE - 1));
        }
        long[] mask = new long[CPU_SETSIZE / BITS_PER_LONG];
        mask[cpu / BITS_PER_LONG] = 1L << (cpu % BITS_PER_LONG);
        return mask;
    }

    void pin(long pid, int cpu) throws NativeException {
        long[] mask = maskOf(cpu);
        if (libc.sched_setaffinity((int) pid, (long) mask.length * Long.BYTES, mask) != 0) {
            throw NativeException.failed("sched_setaffinity(" + pid + ", CPU " + cpu + ")", runtime.getLastError());
        }
    }
}
