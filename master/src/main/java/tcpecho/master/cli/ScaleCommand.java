package tcpecho.master.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import tcpecho.common.log.Plural;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Scale;
import tcpecho.common.wire.Serving;
import tcpecho.common.wire.Message;
import tcpecho.master.supervisor.WorkerCount;

@Command(name = "scale", mixinStandardHelpOptions = true,
        description = "Set the worker count (N), or add (+N) or remove (-N) workers, through a reload: "
                + "removed workers drain like on a reload. SIGTTIN / SIGTTOU add / remove one. A count already served"
                + " changes nothing.")
final class ScaleCommand extends ControlCommand {
    @Parameters(index = "0", paramLabel = "N|+N|-N", description = "The new worker count, or a change to it.")
    String change;

    @Override
    Message request() {
        String text = change.trim();
        if (!text.matches("[+-]?\\d{1,5}")) {
            throw new ParameterException(spec.commandLine(), "scale takes N, +N or -N (a whole number), got '" + change + "'");
        }
        // An absolute count is checked here; a change (+N, -N) only the master can check.
        boolean absolute = !text.startsWith("+") && !text.startsWith("-");
        if (absolute && (Integer.parseInt(text) < 1 || Integer.parseInt(text) > WorkerCount.MAX)) {
            throw new ParameterException(spec.commandLine(), "scale N takes a worker count of 1.." + WorkerCount.MAX
                    + " (got " + text + "); 'tcp-echo-master stop' stops the server");
        }
        return new Scale(text).encode();
    }

    @Override
    Duration replyTimeout() {
        return Duration.ofMinutes(10);
    }

    @Override
    int onOk(Message reply) throws MalformedMessageException {
        Serving serving = Serving.decode(reply);
        if (serving.unchanged()) {
            System.out.println("unchanged: generation " + serving.generation() + " already serves with "
                    + Plural.count(serving.workers(), "worker") + "; no reload");
            return ExitCode.OK;
        }
        System.out.println("scaled: generation " + serving.generation() + " serving with "
                + Plural.count(serving.workers(), "worker"));
        return ExitCode.OK;
    }
}
