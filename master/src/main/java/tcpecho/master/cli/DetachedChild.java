package tcpecho.master.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tcpecho.common.proc.ProcessTitle;
import tcpecho.master.net.ActivatedSockets;
import tcpecho.master.os.ExitStatus;
import tcpecho.master.os.JnrPosix;
import tcpecho.master.os.NativeException;
import tcpecho.master.os.Posix;
import tcpecho.master.os.Signals;

/**
 * The detached master as {@code start -d} sees it while it waits: its pid, whether it exited, and a
 * TERM for it. Either way the master runs in its own session (setsid, which in a child that leads no
 * group does not fork), with stdin /dev/null, output appended to {@code output}, {@code LISTEN_PID}
 * its own pid and the master's name as argv[0]; no other descriptor is inherited.
 *
 * <p>Without sockets to hand on, the JDK starts a bash that starts the master in the background,
 * prints its pid and exits: the master is no child of this JVM. A JDK child would be: the JDK waits
 * for it in waitpid on a thread of its own, and a JVM that exits while one of its threads sits in a
 * native call waits ~300 ms for that thread first (HotSpot's VM_Exit): {@code start -d} returned
 * 0.3 s after every worker served. This short-lived CLI then loads no jnr either (it would compete
 * for the CPUs with the master it waits for). Activated sockets must reach the master on fds 3..,
 * which the JDK passes to no child: then jnr-posix spawns it and reaps it with waitpid, WNOHANG.
 */
interface DetachedChild {
    /**
     * Run by the bash the JDK starts: $0 the output file, $1 {@link #EXEC}, then the master's name and
     * argv. A shell without job control starts a background job with INT and QUIT ignored, which
     * would stay ignored in the master (see MasterRunner): the subshell resets them before its exec.
     */
    String FORK = "(trap - INT QUIT; exec setsid bash -c \"$1\" \"${@:2}\" </dev/null >>\"$0\" 2>&1) & echo $!";
    /** The master's pid is bash's own, as it execs: $0 the master's name, then its argv. */
    String EXEC = "export " + ActivatedSockets.LISTEN_PID + "=$$; exec -a \"$0\" \"$@\"";

    long pid();

    /** How it ended, if known; null while it runs. */
    ExitStatus exit();

    void terminate();

    static DetachedChild start(List<String> master, Path output, List<String> env, List<Posix.FdMapping> sockets)
            throws IOException, NativeException {
        if (sockets.isEmpty()) {
            return Orphan.start(master, output, env);
        }
        // $0 the master's name, $1 the output file, then the master's argv.
        List<String> argv = new ArrayList<>(List.of("setsid", "bash", "-c", "exec >>\"$1\" 2>&1; shift; " + EXEC,
                ProcessTitle.MASTER, output.toString()));
        argv.addAll(master);
        Posix posix = new JnrPosix();
        return new Native(posix, posix.spawn(argv.get(0), argv, env, sockets));
    }

    /** Started by a bash that exited at once: the kernel gave it another parent, which reaps it. */
    record Orphan(ProcessHandle process) implements DetachedChild {
        static Orphan start(List<String> master, Path output, List<String> env) throws IOException {
            List<String> argv = new ArrayList<>(List.of("bash", "-c", FORK, output.toString(), EXEC, ProcessTitle.MASTER));
            argv.addAll(master);
            ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(new File("/dev/null"))
                    .redirectError(ProcessBuilder.Redirect.INHERIT);
            Map<String, String> environment = builder.environment();
            environment.clear();
            for (String entry : env) {
                int eq = entry.indexOf('=');
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
            Process bash = builder.start();
            String pid;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.US_ASCII))) {
                pid = out.readLine();
            }
            Optional<ProcessHandle> started = pid == null || !pid.matches("[0-9]+") ? Optional.empty() : ProcessHandle.of(Long.parseLong(pid));
            if (started.isEmpty()) {
                throw new IOException("bash printed no live pid for it (" + pid + ")");
            }
            return new Orphan(started.get());
        }

        @Override
        public long pid() {
            return process.pid();
        }

        /** Its exit code went to its new parent: only that it ended is known (a zombie has ended too). */
        @Override
        public ExitStatus exit() {
            return process.isAlive() && !zombie() ? null : ExitStatus.unknown();
        }

        private boolean zombie() {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
            } catch (IOException | RuntimeException gone) {
                return true;
            }
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
