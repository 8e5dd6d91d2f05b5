package tcpecho.master.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tcpecho.common.wire.ErrorReply;
import tcpecho.common.wire.MalformedMessageException;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.ConfigException;
import tcpecho.master.control.ControlClient;
import tcpecho.master.control.NotRunningException;

/** A subcommand that sends one request to a running master and reports its reply. */
abstract class ControlCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions target;

    @Spec
    CommandSpec spec;

    /** The request to send. */
    abstract Message request();

    /** How long the master may take to answer. */
    Duration replyTimeout() {
        return Duration.ofSeconds(10);
    }

    /** Handles an OK reply; returns the exit code. A reply without the fields it needs throws. */
    abstract int onOk(Message reply) throws MalformedMessageException;

    @Override
    public Integer call() {
        Path socket;
        try {
            socket = target.controlSocket();
        } catch (ConfigException invalid) {
            FlagErrors.rethrowAsUsage(invalid, spec);
            System.err.println("tcp-echo-master: " + invalid.getMessage());
            return ExitCode.FAILURE;
        }
        return send(socket);
    }

    /** Sends the request to the master listening on {@code socket} and reports its reply; returns the exit code. */
    int send(Path socket) {
        try {
            Message reply = ControlClient.request(socket, request(), replyTimeout());
            if (reply.is(Verb.OK)) {
                return onOk(reply);
            }
            System.err.println("tcp-echo-master: " + ErrorReply.decode(reply).message());
            return ExitCode.FAILURE;
        } catch (MalformedMessageException malformed) {
            System.err.println("tcp-echo-master: malformed reply from the master: " + malformed.getMessage());
            return ExitCode.FAILURE;
        } catch (NotRunningException notRunning) {
            System.err.println("tcp-echo-master: " + notRunning.getMessage());
            return ExitCode.NOT_RUNNING;
        } catch (IOException failed) {
            System.err.println("tcp-echo-master: " + failed.getMessage());
            return ExitCode.FAILURE;
        }
    }
}
