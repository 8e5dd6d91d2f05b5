package tcpecho.master.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Raw waitpid status words as Linux builds them: exit code in bits 8-15, signal in bits 0-6, core flag 0x80. */
class ExitStatusTest {

    @Test
    void normalExitWithZero() {
        ExitStatus status = ExitStatus.fromWaitStatus(0);

        assertEquals(ExitStatus.exited(0), status);
        assertFalse(status.bySignal());
        assertEquals("code 0", status.toString());
    }

    @Test
    void exitCodeComesFromTheSecondByte() {
        ExitStatus status = ExitStatus.fromWaitStatus(78 << 8);

        assertEquals(78, status.code());
        assertFalse(status.bySignal());
        assertEquals("code 78", status.toString());
    }

    @Test
    void exitCode255() {
        assertEquals(ExitStatus.exited(255), ExitStatus.fromWaitStatus(0xff00));
    }

    @Test
    void killedBySignalReadsAsTheShellShowsIt() {
        ExitStatus status = ExitStatus.fromWaitStatus(Signals.SIGKILL);

        assertTrue(status.bySignal());
        assertEquals(Signals.SIGKILL, status.signal());
        assertEquals(137, status.code());
        assertEquals(ExitStatus.killedBy(9), status);
        assertEquals("code 137 (SIGKILL)", status.toString());
    }

    @Test
    void theCoreDumpFlagDoesNotChangeTheSignal() {
        int segvWithCore = 11 | 0x80;

        ExitStatus status = ExitStatus.fromWaitStatus(segvWithCore);

        assertEquals(11, status.signal());
        assertEquals("code 139 (SIGSEGV)", status.toString());
    }

    @Test
    void unnamedSignalsShowTheirNumber() {
        assertEquals("code 138 (signal 10)", ExitStatus.fromWaitStatus(10).toString());
    }
}
