package tcpecho.master.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** The control socket's directory: created 0700, and refused if another user could enter it. */
final class SecureDirectory {
    private SecureDirectory() {
    }

    static void prepare(Path directory) throws IOException {
        if (directory == null) {
            return;
        }
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(ownerOnly));
            return;
        }
        String owner = Files.getOwner(directory).getName();
        String self = System.getProperty("user.name");
        if (owner.equals(self)) {
            Files.setPosixFilePermissions(directory, ownerOnly);
        } else if (Files.getPosixFilePermissions(directory).stream().anyMatch(p -> p.name().startsWith("OTHERS_W"))) {
            throw new IOException("control socket directory " + directory + " belongs to " + owner
                    + " and others can write to it; choose another --control-socket");
        }
    }
}
