package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class WorkerCommandTest {
    @Test
    void theArchiveIsNamedAfterTheJvmBuildAsTheDumpScriptNamesIt() {
        assertEquals("worker-17.0.15+6-Debian-1deb12u1.jsa", WorkerCommand.archiveName("17.0.15+6-Debian-1deb12u1"));
        assertEquals("worker-25.0.3+9-LTS.jsa", WorkerCommand.archiveName("25.0.3+9-LTS"));
        assertEquals("worker-25_internal_.._x.jsa", WorkerCommand.archiveName("25 internal/../x"));
    }
}
