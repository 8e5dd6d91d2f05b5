package tcpecho.bench.idle;

/**
 * A JVM that does nothing: bench/driver.py starts it with the master's flags and with the worker's
 * (jvm.options) to get, in the same run, the RSS and thread count that a JVM with those flags has
 * before any code of ours runs; the master's and the workers' targets are set against it.
 *
 * <p>It prints one line once main runs, so the driver measures from a known point instead of after a
 * guessed sleep, then sleeps until it is killed. Kept alone in its package and free of dependencies so
 * that its class path (one jar) loads nothing but this class.
 */
public final class IdleJvm {
    private IdleJvm() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.out.println("idle");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
