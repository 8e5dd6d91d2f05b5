package tcpecho.common.log;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The process-wide log: one line per event, naming the process that wrote it, e.g.
 * {@code 2026-11-21T06:10:00.123Z info  worker[2] pid 4711: connection from /127.0.0.1:5555}.
 *
 * <p>Hand-written rather than a logging framework: the worker JVM starts often and N times, and a
 * framework's class loading would cost it start time and memory for no feature we use.
 * Output is buffered; {@link #flush()} is called once per event-loop turn by the worker (so a
 * burst of connection lines costs one write) and after every line when {@code autoFlush} is on.
 */
public final class Log {
    private static final Log INSTANCE = new Log();

    private volatile Level threshold = Level.INFO;
    private String subject = "tcp-echo";
    private String process = "tcp-echo";
    private final long pid = ProcessHandle.current().pid();
    private volatile LogFormat format = LogFormat.PLAIN;
    private PrintStream out = new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
    private Path file;
    private boolean autoFlush = true;

    private Log() {
    }

    public static Log get() {
        return INSTANCE;
    }

    /** Names the process in every line: {@code master} or {@code worker[2]}. */
    public synchronized void setSubject(String name) {
        this.process = name;
        this.subject = name + " pid " + pid;
    }

    /** Plain text lines (the default) or one JSON object per line: ts, level, process, pid, msg. */
    public void setFormat(LogFormat format) {
        this.format = format;
    }

    public LogFormat format() {
        return format;
    }

    public void setLevel(Level level) {
        this.threshold = level;
    }

    public Level level() {
        return threshold;
    }

    public synchronized void setAutoFlush(boolean autoFlush) {
        this.autoFlush = autoFlush;
    }

    /** Appends to {@code path} from now on (null: standard output). */
    public synchronized void setFile(Path path) throws IOException {
        PrintStream next = path == null
                ? new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8)
                : new PrintStream(new FileOutputStream(path.toFile(), true), false, StandardCharsets.UTF_8);
        PrintStream previous = out;
        boolean previousWasFile = file != null;
        out = next;
        file = path;
        previous.flush();
        if (previousWasFile) {
            // never close a stream over standard output: that would close fd 1 for the whole process
            closeQuietly(previous);
        }
    }

    /** Reopens the log file under the same name, so a rotated file is let go (USR1, REOPEN). */
    public synchronized void reopen() throws IOException {
        if (file != null) {
            setFile(file);
        }
    }

    public Path file() {
        return file;
    }

    public boolean enabled(Level level) {
        return level.compareTo(threshold) >= 0;
    }

    public void debug(String message) {
        log(Level.DEBUG, message);
    }

    public void info(String message) {
        log(Level.INFO, message);
    }

    public void warn(String message) {
        log(Level.WARN, message);
    }

    public void error(String message) {
        log(Level.ERROR, message);
    }

    public void error(String message, Throwable cause) {
        log(Level.ERROR, message + ": " + describe(cause));
    }

    public void log(Level level, String message) {
        if (!enabled(level)) {
            return;
        }
        String stamp = timestamp(Instant.now());
        synchronized (this) {
            String line = format == LogFormat.JSON ? json(stamp, level, message)
                    : stamp + " " + padded(level) + " " + subject + ": " + message;
            out.println(line);
            if (autoFlush) {
                out.flush();
            }
        }
    }

    /**
     * {@link Instant#toString()} text, with the date and time of day formatted once per second:
     * ISO_INSTANT formatting for each line was a measurable part of a worker's CPU per connection
     * under churn (two info lines per connection).
     */
    static String timestamp(Instant now) {
        Stamp stamp = lastStamp;
        long second = now.getEpochSecond();
        if (stamp.second != second) {
            String whole = Instant.ofEpochSecond(second).toString();
            stamp = new Stamp(second, whole.substring(0, whole.length() - 1));
            lastStamp = stamp;
        }
        int nanos = now.getNano();
        if (nanos == 0) {
            return stamp.prefix + "Z";
        }
        // ISO_INSTANT prints the fraction in groups of three digits, as few as the value needs
        int digits = nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
        int fraction = digits == 3 ? nanos / 1_000_000 : digits == 6 ? nanos / 1_000 : nanos;
        String text = Integer.toString(fraction);
        return stamp.prefix + "." + "0".repeat(digits - text.length()) + text + "Z";
    }

    private record Stamp(long second, String prefix) {
    }

    private static volatile Stamp lastStamp = new Stamp(Long.MIN_VALUE, "");

    public synchronized void flush() {
        out.flush();
    }

    /** A one-line description of an exception: its type and message. */
    public static String describe(Throwable cause) {
        String text = cause.getMessage();
        return cause.getClass().getSimpleName() + (text == null ? "" : ": " + text);
    }

    private String json(String stamp, Level level, String message) {
        StringBuilder line = new StringBuilder(message.length() + 96);
        line.append("{\"ts\":\"").append(stamp).append("\",\"level\":\"").append(level.label())
                .append("\",\"process\":");
        JsonText.quote(line, process).append(",\"pid\":").append(pid).append(",\"msg\":");
        return JsonText.quote(line, message).append('}').toString();
    }

    private static String padded(Level level) {
        String label = level.label();
        return label.length() >= 5 ? label : label + " ".repeat(5 - label.length());
    }

    private static void closeQuietly(OutputStream stream) {
        try {
            stream.close();
        } catch (IOException ignored) {
            // the old file is being let go; nothing useful to do about a failed close
        }
    }
}
