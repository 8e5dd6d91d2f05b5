package tcpecho.common.tls;

import java.nio.file.Path;

/** A certificate, key or CA file that cannot serve: the message names the file and the reason. */
public final class TlsFileException extends Exception {
    private final Path file;

    public TlsFileException(Path file, String reason) {
        super(file + " " + reason);
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
