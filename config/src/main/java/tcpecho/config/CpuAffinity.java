package tcpecho.config;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Which CPU each worker is pinned to, as NGINX's {@code worker_cpu_affinity}: {@code off} (the
 * scheduler decides), {@code auto} (worker N on CPU (N-1) mod cores) or a list such as {@code 0,1}
 * (worker N on the Nth entry, starting over when there are more workers than entries).
 */
public record CpuAffinity(Mode mode, List<Integer> cpus) {
    /** CPU_SETSIZE in sched.h: the CPUs a cpu_set_t can name are 0..1023. */
    public static final int MAX_CPU = 1023;

    public enum Mode { OFF, AUTO, LIST }

    public static final CpuAffinity OFF = new CpuAffinity(Mode.OFF, List.of());
    public static final CpuAffinity AUTO = new CpuAffinity(Mode.AUTO, List.of());

    public CpuAffinity {
        cpus = List.copyOf(cpus);
    }

    /**
     * Parses {@code off}, {@code auto} or a comma-separated list of CPU numbers.
     *
     * @throws IllegalArgumentException naming what is wrong with the text
     */
    public static CpuAffinity parse(String text) {
        String t = text.trim();
        if (t.equalsIgnoreCase("off")) {
            return OFF;
        }
        if (t.equalsIgnoreCase("auto")) {
            return AUTO;
        }
        List<Integer> cpus = new ArrayList<>();
        for (String part : t.split(",", -1)) {
            String p = part.trim();
            if (!p.matches("\\d{1,4}")) {
                throw new IllegalArgumentException(p.isEmpty() ? "an empty entry" : "\"" + p + "\" is not a CPU number");
            }
            int cpu = Integer.parseInt(p);
            if (cpu > MAX_CPU) {
                throw new IllegalArgumentException("CPU " + cpu + " is above " + MAX_CPU);
            }
            cpus.add(cpu);
        }
        return new CpuAffinity(Mode.LIST, cpus);
    }

    /** The CPU worker {@code slot} (1-based) is pinned to on a machine with {@code cores} CPUs; empty when off. */
    public OptionalInt cpuFor(int slot, int cores) {
        if (slot < 1) {
            throw new IllegalArgumentException("worker slots start at 1, got " + slot);
        }
        return switch (mode) {
            case OFF -> OptionalInt.empty();
            case AUTO -> OptionalInt.of((slot - 1) % Math.max(1, cores));
            case LIST -> OptionalInt.of(cpus.get((slot - 1) % cpus.size()));
        };
    }

    /** The value as it could be written back into the file. */
    public String text() {
        return switch (mode) {
            case OFF -> "off";
            case AUTO -> "auto";
            case LIST -> String.join(",", cpus.stream().map(String::valueOf).toList());
        };
    }
}
