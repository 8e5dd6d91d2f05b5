package tcpecho.master.cli;

import java.io.IOException;
import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import tcpecho.common.log.Log;
import tcpecho.common.proc.ProcessTitle;
import tcpecho.config.Settings;
import tcpecho.master.os.JnrPosix;
import tcpecho.master.supervisor.ConfigSource;
import tcpecho.master.supervisor.MasterCommand;
import tcpecho.master.supervisor.Supervisor;
import tcpecho.master.supervisor.SupervisorWiring;
import tcpecho.master.supervisor.WorkerCommand;

/** Runs the master in this JVM: names the process, sets up the log and signals, runs the supervisor. */
final class MasterRunner {
    /** QUIT is not here: the JVM keeps it for thread dumps and refuses to hand it over. */
    static final String[] SIGNALS = {"HUP", "TERM", "INT", "USR1", "USR2", "TTIN", "TTOU", "CHLD"};

    /** {@code startArgs}: this master's command line from {@code start} on, for a live upgrade to repeat. */
    int run(Settings settings, ConfigSource reloadSource, List<String> startArgs) throws IOException {
        ProcessTitle.set(ProcessTitle.MASTER);
        Log log = Log.get();
        log.setSubject("master");
        log.setLevel(settings.logLevel());
        log.setFormat(settings.logFormat());
        log.setFile(settings.logFile());
        Supervisor supervisor = SupervisorWiring.build(reloadSource, settings, new JnrPosix(),
                WorkerCommand.forThisInstallation(settings.controlSocket().toAbsolutePath().getParent()), System::nanoTime, MasterCommand.forThisInstallation(startArgs),
                System.getenv());
        for (String name : SIGNALS) {
            install(name, supervisor, log);
        }
        return supervisor.run();
    }

    /**
     * A signal ignored before the JVM started (nohup ignores HUP; scripts without job control
     * ignore INT for background jobs) stays ignored: the JVM reports SIG_IGN and never delivers it.
     */
    private static void install(String name, Supervisor supervisor, Log log) {
        try {
            SignalHandler previous = Signal.handle(new Signal(name), signal -> supervisor.signal(name));
            if (previous == SignalHandler.SIG_IGN) {
                log.warn("SIG" + name + " was ignored when the master started (nohup or a background job?): "
                        + "it will not reach the master" + hint(name));
            }
        } catch (IllegalArgumentException unavailable) {
            log.warn("cannot handle SIG" + name + ": " + unavailable.getMessage());
        }
    }

    private static String hint(String name) {
        return switch (name) {
            case "HUP" -> "; use `tcp-echo-master reload` instead";
            case "TERM", "INT" -> "; use `tcp-echo-master stop` instead";
            case "USR1" -> "; use `tcp-echo-master reopen` instead";
            case "USR2" -> "; use `tcp-echo-master upgrade` instead";
            default -> "";
        };
    }
}
