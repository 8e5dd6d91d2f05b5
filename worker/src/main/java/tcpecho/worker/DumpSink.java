package tcpecho.worker;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tcpecho.common.listener.DumpFormat;
import tcpecho.common.listener.ProxyOptions;
import tcpecho.common.log.Log;

/**
 * Where a proxy listener's dump goes: the worker log at info, or its own file, opened at worker
 * start in append mode (several workers may share it: each chunk is one write(2) with O_APPEND, so
 * chunks do not interleave). A failing write is logged once and the proxy carries on. The file is
 * reopened by name with the worker log (REOPEN, USR1), so logrotate can rename it.
 */
abstract class DumpSink {
    private final DumpFormat style;

    private DumpSink(DumpFormat style) {
        this.style = style;
    }

    /** The sink for {@code settings}, or null when dumping is off: callers then skip all formatting. */
    static DumpSink open(ProxyOptions options, String listener) throws IOException {
        return switch (options.dump()) {
            case LOG -> new ToLog(options.dumpFormat());
            case FILE -> new ToFile(options.dumpFormat(), options.dumpFile(), listener);
            case OFF -> null;
        };
    }

    /** The dump's first line for a connection: {@code conn 1.7 from /203.0.113.7:5123} (with "via" behind a balancer). */
    final void opened(String connection, Origin origin) {
        write("conn " + connection + " from " + origin);
    }

    final void chunk(String connection, String direction, ByteBuffer data) {
        write(DumpFormatter.format(connection, direction, data, style));
    }

    abstract void write(String text);

    /** Lets go of a rotated file: opens the name afresh. Nothing to do for the log sink. */
    void reopen() {
    }

    private static final class ToLog extends DumpSink {
        ToLog(DumpFormat style) {
            super(style);
        }

        @Override
        void write(String text) {
            Log.get().info(text);
        }
    }

    private static final class ToFile extends DumpSink {
        private FileOutputStream out;
        private final Path path;
        private final String listener;
        private boolean failed;

        ToFile(DumpFormat style, Path path, String listener) throws IOException {
            super(style);
            this.path = path;
            this.listener = listener;
            try {
                this.out = new FileOutputStream(path.toFile(), true);
            } catch (IOException e) {
                throw new IOException(subject() + ": cannot open dump-file " + path + ": " + e.getMessage(), e);
            }
        }

        /**
         * Opens the new file before closing the old one: if the open fails (a missing directory,
         * permissions), chunks keep going to the old, renamed file rather than nowhere.
         */
        @Override
        void reopen() {
            FileOutputStream next;
            try {
                next = new FileOutputStream(path.toFile(), true);
            } catch (IOException e) {
                Log.get().warn(subject() + ": reopen of dump-file " + path + " failed: " + Log.describe(e)
                        + " - still writing to the file opened before");
                return;
            }
            try {
                out.close();
            } catch (IOException e) {
                Log.get().debug(subject() + ": close of the previous dump-file failed: " + Log.describe(e));
            }
            out = next;
            failed = false;
            Log.get().info(subject() + ": dump-file " + path + " reopened");
        }

        private String subject() {
            return "listener '" + listener + "'";
        }

        @Override
        void write(String text) {
            try {
                out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                failed = false;
            } catch (IOException e) {
                if (!failed) {
                    Log.get().warn(subject() + ": write to dump-file " + path + " failed: "
                            + Log.describe(e) + " - dropping dump output until a write succeeds");
                }
                failed = true;
            }
        }
    }
}
