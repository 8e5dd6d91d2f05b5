package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CLI's exit codes: 2 for usage errors (with where the help is), 3 when no master is running. */
class CliUsageIT {
    @RegisterExtension
    final Masters masters = new Masters();

    @Test
    void statusWithNoMasterExitsThreeSuggestingStart() {
        MasterProcess nobody = masters.create();

        Cli.Result status = nobody.cli("status");

        assertEquals(3, status.code(), status.toString());
        assertEquals("tcp-echo-master: no master is running on control socket " + nobody.controlSocket
                + "; start one with 'tcp-echo-master start' (a master started with -p, -c or --control-socket is reached"
                + " with the same option)\n", status.stderr());
    }

    @Test
    void aPortThatIsNotANumberIsAUsageError() {
        Cli.Result start = Cli.master("start", "--port", "abc");

        assertEquals(2, start.code(), start.toString());
        assertEquals("Invalid value for option '--port': 'abc' is not an int\nTry 'tcp-echo-master start --help'\n",
                start.stderr());
    }

    @Test
    void zeroWorkersIsAUsageError() {
        MasterProcess master = masters.create();

        Cli.Result start = Cli.master("start", "-w", "0", "-p", Integer.toString(master.port),
                "--control-socket", master.controlSocket.toString(), "--pid-file", master.pidFile.toString());

        assertEquals(2, start.code(), start.toString());
        assertTrue(start.stderr().contains("--workers"), start.toString());
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        Cli.Result result = Cli.master("restart");

        assertEquals(2, result.code(), result.toString());
        assertTrue(result.stderr().contains("restart"), result.toString());
    }
}
