package tcpecho.master.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fault add|list|remove|clear}: faults on a running server's listeners, changed at once in
 * every worker through the control socket (no reload, no new generation). The metrics endpoint
 * has no such door: only the control socket's owner may change faults.
 */
@Command(name = "fault", mixinStandardHelpOptions = true,
        description = "Add, list, remove or clear faults (latency, bandwidth, slicer, slow-close, timeout, reset-peer,"
                + " limit-data, loss) on a running server's listeners, without a reload.",
        subcommands = {FaultAddCommand.class, FaultListCommand.class, FaultRemoveCommand.class,
                FaultClearCommand.class})
final class FaultCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "fault needs add, list, remove or clear");
    }
}
