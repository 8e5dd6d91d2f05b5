package tcpecho.master.cli;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.JnrPosix;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.os.Signals;

/**
 * The detached master as {@code start -d} sees it while it waits: its pid, whether it exited, and a
 * TERM for it. Started by the JDK when no socket is handed on, so this short-lived CLI loads no jnr
 * (it would compete for the CPUs with the master it waits for); by jnr-posix when activated sockets
 * must reach the master on fds 3.., which the JDK passes to no child. Either way stdin is /dev/null,
 * stdout and stderr are this process's, and no other descriptor is inherited.
 */
interface DetachedChild {
    long pid();

    /** How it ended; null while it runs. */
    ExitStatus exit();

    void terminate();

    static DetachedChild start(List<String> argv, List<String> env, List<Posix.FdMapping> sockets)
            throws IOException, NativeException {
        if (sockets.isEmpty()) {
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT);
            Map<String, String> environment = builder.environment();
            environment.clear();
            for (String entry : env) {
                int eq = entry.indexOf('=');
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
            return new Jdk(builder.start());
        }
        Posix posix = new JnrPosix();
        return new Native(posix, posix.spawn(argv.get(0), argv, env, sockets));
    }

    /** Started by ProcessBuilder, which reaps it and reports a death by signal N as 128 + N. */
    record Jdk(Process process) implements DetachedChild {
        @Override
        public long pid() {
            return process.pid();
        }

        @Override
        public ExitStatus exit() {
            if (process.isAlive()) {
                return null;
            }
            int code = process.exitValue();
            return code > 128 ? ExitStatus.killedBy(code - 128) : ExitStatus.exited(code);
        }

        @Override
        public void terminate() {
            process.destroy();
        }
    }

    /** Started by posix_spawnp, reaped with waitpid. */
    record Native(Posix posix, long pid) implements DetachedChild {
        @Override
        public ExitStatus exit() {
            try {
                return posix.reap(pid);
            } catch (NativeException failed) {
                return ExitStatus.unknown();
            }
        }

        @Override
        public void terminate() {
            try {
                posix.kill(pid, Signals.SIGTERM);
            } catch (NativeException gone) {
                System.err.println("tcp-echo-master: " + gone.getMessage());
            }
        }
    }
}
