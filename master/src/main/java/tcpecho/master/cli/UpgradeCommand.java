package tcpecho.master.cli;

import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import tcpecho.common.log.Plural;
import tcpecho.common.status.Status;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Upgraded;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.ConfigException;
import tcpecho.master.control.NotRunningException;
import tcpecho.master.control.StatusJson;

@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Replace the running master by a new one started from the files now on disk (like kill -USR2): "
                + "it takes over the listening sockets and the control socket, the old master drains its workers "
                + "and exits. Exits 0 once the new master answers, 1 with the reason if the old one keeps serving.")
final class UpgradeCommand extends ControlCommand {
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    @Override
    Message request() {
        return Message.of(Verb.UPGRADE);
    }

    /** The new master's JVM start, config load and workers' READY (ready-timeout). */
    @Override
    Duration replyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    int onOk(Message reply) throws MalformedMessageException {
        Upgraded upgraded = Upgraded.decode(reply);
        long pid = upgraded.pid();
        long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Status.Master master = masterStatus();
            if (master != null && master.pid() == pid) {
                System.out.println("upgraded: master pid " + pid + " (was " + upgraded.oldPid() + ") is serving with "
                        + Plural.count(master.workersWanted(), "worker"));
                return ExitCode.OK;
            }
            Poll.pause();
        }
        System.err.println("tcp-echo-master: the new master pid " + pid + " was ready but does not answer on its control socket");
        return ExitCode.FAILURE;
    }

    private Status.Master masterStatus() {
        try {
            Status status = StatusJson.request(target.controlSocket(), Duration.ofSeconds(2));
            return status == null ? null : status.master();
        } catch (NotRunningException | IOException | ConfigException notYet) {
            return null;
        }
    }
}
