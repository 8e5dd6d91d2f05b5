package tcpecho.master.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerCommandTest {
    @Test
    void theArchiveIsNamedAfterTheJvmBuildAsTheDumpScriptNamesIt() {
        assertEquals("worker-17.0.15+6-Debian-1deb12u1.jsa", WorkerCommand.archiveName("17.0.15+6-Debian-1deb12u1"));
        assertEquals("worker-25.0.3+9-LTS.jsa", WorkerCommand.archiveName("25.0.3+9-LTS"));
        assertEquals("worker-25_internal_.._x.jsa", WorkerCommand.archiveName("25 internal/../x"));
    }

    @Test
    void fromJdk25TheWorkersMapAnAotCacheNamedAfterTheJvmBuild() {
        assertEquals("worker-17.0.15+6-Debian-1deb12u1.jsa", WorkerCommand.archiveFileName(17, "17.0.15+6-Debian-1deb12u1"));
        assertEquals("worker-21.0.5+11.jsa", WorkerCommand.archiveFileName(21, "21.0.5+11"));
        assertEquals("worker-25.0.3+9-LTS.aot", WorkerCommand.archiveFileName(25, "25.0.3+9-LTS"));

    }

    @Test
    void anArchiveRecordedBeforeTheJarsChangedDoesNotFit(@TempDir Path dir) throws IOException {
        Path archive = Files.createFile(dir.resolve("worker-x.jsa"));
        Path jar = Files.createFile(dir.resolve("worker.jar"));
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000));
        Files.setLastModifiedTime(archive, FileTime.fromMillis(2_000_000));
        assertTrue(WorkerCommand.fits(archive, jar));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(3_000_000));
        assertFalse(WorkerCommand.fits(archive, jar));
        assertFalse(WorkerCommand.fits(dir.resolve("worker-none.jsa"), jar));
    }
}
