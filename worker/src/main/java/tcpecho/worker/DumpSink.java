package tcpecho.worker;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import tcpecho.common.log.Log;

/**
 * Where a proxy listener's dump goes: the worker log at info, or its own file, opened at worker
 * start in append mode (several workers may share it: each chunk is one write(2) with O_APPEND, so
 * chunks do not interleave). A failing write is logged once and the proxy carries on.
 */
abstract class DumpSink {
    private final DumpFormat.Style style;

    private DumpSink(DumpFormat.Style style) {
        this.style = style;
    }

    /** The sink for {@code settings}, or null when dumping is off: callers then skip all formatting. */
    static DumpSink open(ProxySettings settings, String listener) throws IOException {
        return switch (settings.dump()) {
            case "log" -> new ToLog(settings.dumpStyle());
            case "file" -> new ToFile(settings.dumpStyle(), settings.dumpFile(), listener);
            default -> null;
        };
    }

    final void chunk(String connection, String direction, ByteBuffer data) {
        write(DumpFormat.format(connection, direction, data, style));
    }

    abstract void write(String text);

    private static final class ToLog extends DumpSink {
        ToLog(DumpFormat.Style style) {
            super(style);
        }

        @Override
        void write(String text) {
            Log.get().info(text);
        }
    }

    private static final class ToFile extends DumpSink {
        private final FileOutputStream out;
        private final Path path;
        private final String listener;
        private boolean failed;

        ToFile(DumpFormat.Style style, Path path, String listener) throws IOException {
            super(style);
            this.path = path;
            this.listener = listener;
            try {
                this.out = new FileOutputStream(path.toFile(), true);
            } catch (IOException e) {
                throw new IOException("listener '" + listener + "': cannot open dump-file " + path + ": "
                        + e.getMessage(), e);
            }
        }

        @Override
        void write(String text) {
            try {
                out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
                failed = false;
            } catch (IOException e) {
                if (!failed) {
                    Log.get().warn("listener '" + listener + "': write to dump-file " + path + " failed: "
                            + Log.describe(e) + " - dropping dump output until a write succeeds");
                }
                failed = true;
            }
        }
    }
}
