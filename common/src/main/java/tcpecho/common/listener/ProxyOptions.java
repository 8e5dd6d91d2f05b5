package tcpecho.common.listener;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A {@code proxy} listener's options. The config fills every one (its defaults are here, so the
 * worker has none of its own).
 *
 * @param upstream             where each client's connection is forwarded
 * @param connectTimeoutMillis how long a new upstream connection may take before the client is closed
 * @param dump                 where a copy of the traffic goes
 * @param dumpFile             the file {@link DumpMode#FILE} appends to, absolute; null for the other modes
 * @param dumpFormat           how each dumped chunk is shown
 * @param sendProxyProtocol    the PROXY protocol header each upstream connection begins with, if any
 */
public record ProxyOptions(Upstream upstream, long connectTimeoutMillis, DumpMode dump, Path dumpFile,
                           DumpFormat dumpFormat, SendProxyProtocol sendProxyProtocol) implements ProtocolOptions {
    public static final long DEFAULT_CONNECT_TIMEOUT_MILLIS = 5000;
    public static final DumpFormat DEFAULT_DUMP_FORMAT = DumpFormat.AUTO;

    public ProxyOptions {
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(dump, "dump");
        Objects.requireNonNull(dumpFormat, "dumpFormat");
        Objects.requireNonNull(sendProxyProtocol, "sendProxyProtocol");
        if (connectTimeoutMillis < 1) {
            throw new IllegalArgumentException("connect-timeout must be at least 1 ms, got " + connectTimeoutMillis);
        }
        if ((dump == DumpMode.FILE) != (dumpFile != null) || dumpFile != null && !dumpFile.isAbsolute()) {
            throw new IllegalArgumentException("dump-file must be an absolute path exactly when dump is file, got dump "
                    + dump.label() + " and dump-file " + dumpFile);
        }
    }

    /** Forwarding to {@code upstream} with the default timeout and no dump. */
    public static ProxyOptions to(Upstream upstream) {
        return new ProxyOptions(upstream, DEFAULT_CONNECT_TIMEOUT_MILLIS, DumpMode.OFF, null, DEFAULT_DUMP_FORMAT,
                SendProxyProtocol.OFF);
    }

    public ProxyOptions withConnectTimeout(long millis) {
        return new ProxyOptions(upstream, millis, dump, dumpFile, dumpFormat, sendProxyProtocol);
    }

    /** Dumping to {@code mode}; {@code file} is the file for {@link DumpMode#FILE}, else null. */
    public ProxyOptions withDump(DumpMode mode, Path file) {
        return new ProxyOptions(upstream, connectTimeoutMillis, mode, file, dumpFormat, sendProxyProtocol);
    }

    public ProxyOptions withDumpFormat(DumpFormat format) {
        return new ProxyOptions(upstream, connectTimeoutMillis, dump, dumpFile, format, sendProxyProtocol);
    }

    public ProxyOptions withSendProxyProtocol(SendProxyProtocol version) {
        return new ProxyOptions(upstream, connectTimeoutMillis, dump, dumpFile, dumpFormat, version);
    }
}
