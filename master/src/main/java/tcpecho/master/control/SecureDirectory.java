package tcpecho.master.control;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The control socket's directory: created 0700 when it does not exist; an existing one is used as
 * it is, and refused if another user could replace the socket in it.
 */
final class SecureDirectory {
    /** From sys/stat.h: S_IWGRP | S_IWOTH, and S_ISVTX (sticky: only a file's owner may unlink it). */
    private static final int WRITABLE_BY_OTHERS = 0022;
    private static final int STICKY = 01000;

    private SecureDirectory() {
    }

    static void prepare(Path directory) throws IOException {
        if (directory == null) {
            return;
        }
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return;
        }
        // Never change an existing directory's mode: it may be shared. A control socket placed in /tmp
        // once made /tmp itself 0700, locking every other user out of it. The socket is created 0600
        // and each peer's uid is checked, so the directory only has to stop others replacing it.
        int mode = (Integer) Files.getAttribute(directory, "unix:mode");
        if ((mode & WRITABLE_BY_OTHERS) != 0 && (mode & STICKY) == 0) {
            throw new IOException("control socket directory " + directory + " (mode " + Integer.toOctalString(mode & 07777)
                    + ") can be written by other users, who could replace the socket; choose another --control-socket");
        }
    }
}
