package tcpecho.master.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tcpecho.common.log.Plural;
import tcpecho.common.proc.ProcessTitle;
import tcpecho.common.wire.Message;
import tcpecho.common.wire.Verb;
import tcpecho.config.Settings;
import tcpecho.master.control.ControlClient;
import tcpecho.master.control.NotRunningException;

/**
 * {@code start -d}: runs the same command again as a detached master (own session via setsid,
 * named {@code tcp-echo[mastr]} via bash's exec -a) and waits until every worker accepts
 * connections, so a 0 exit means "serving", as init scripts and CI expect.
 */
final class Daemonizer {
    private static final Duration EXTRA_WAIT = Duration.ofSeconds(10);

    private final Settings settings;
    private final List<String> originalArgs;

    Daemonizer(Settings settings, List<String> originalArgs) {
        this.settings = settings;
        this.originalArgs = originalArgs;
    }

    int start() throws IOException {
        Path output = outputFile();
        Files.createDirectories(output.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command());
        builder.environment().put(StartCommand.DAEMON_CHILD_ENV, "1");
        // systemd's Type=notify wants the master in the foreground: its main process is this CLI,
        // which exits, so a READY=1 from the detached master would come from a stranger.
        builder.environment().remove("NOTIFY_SOCKET");
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.redirectErrorStream(true);
        Process master = builder.start();
        return awaitServing(master, output);
    }

    /** Without a log file the detached master's output goes next to its pid file, named after it. */
    private Path outputFile() {
        if (settings.logFile() != null) {
            return settings.logFile();
        }
        String pidName = settings.pidFile().getFileName().toString();
        return settings.pidFile().resolveSibling(pidName.replaceFirst("\\.pid$", "") + ".log");
    }

    private List<String> command() {
        List<String> command = new ArrayList<>(List.of("setsid", "bash", "-c", "exec -a \"$0\" \"$@\"",
                ProcessTitle.MASTER, Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(originalArgs);
        return command;
    }

    private int awaitServing(Process master, Path output) throws IOException {
        long deadline = System.nanoTime() + settings.readyTimeout().plus(EXTRA_WAIT).toNanos();
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                System.err.println("tcp-echo-master: the master exited with code " + master.exitValue()
                        + " while starting; its log (" + output + ") ends with:");
                tail(output).forEach(line -> System.err.println("  " + line));
                return ExitCode.FAILURE;
            }
            JsonObject status = status();
            if (status != null) {
                String failure = failedSlot(status);
                if (failure != null) {
                    System.err.println("tcp-echo-master: " + failure + "; stopping the master (log: " + output + ")");
                    master.destroy();
                    return ExitCode.FAILURE;
                }
                if (serving(status)) {
                    JsonObject info = status.getAsJsonObject("master");
                    System.out.println("tcp-echo-master started: master pid " + master.pid() + ", "
                            + Plural.count(info.get("workers_wanted"), "worker") + " on " + StatusCommand.joined(info.getAsJsonArray("listeners"))
                            + ", log " + output);
                    return ExitCode.OK;
                }
            }
            Poll.pause();
        }
        System.err.println("tcp-echo-master: workers not serving within " + settings.readyTimeout().plus(EXTRA_WAIT).toSeconds()
                + " s; stopping the master (log: " + output + ")");
        master.destroy();
        return ExitCode.FAILURE;
    }

    private JsonObject status() {
        try {
            Message reply = ControlClient.request(settings.controlSocket(), Message.of(Verb.STATUS), Duration.ofSeconds(2));
            return reply.is(Verb.OK) ? JsonParser.parseString(reply.get("status")).getAsJsonObject() : null;
        } catch (NotRunningException | IOException notYet) {
            return null;
        }
    }

    private static boolean serving(JsonObject status) {
        JsonObject master = status.getAsJsonObject("master");
        long generation = master.get("generation").getAsLong();
        int wanted = master.get("workers_wanted").getAsInt();
        int ready = 0;
        for (JsonElement element : status.getAsJsonArray("workers")) {
            JsonObject worker = element.getAsJsonObject();
            if (worker.get("generation").getAsLong() == generation && worker.get("state").getAsString().equals("ready")) {
                ready++;
            }
        }
        return ready >= wanted;
    }

    private static String failedSlot(JsonObject status) {
        for (JsonElement element : status.getAsJsonArray("slots_down")) {
            JsonObject slot = element.getAsJsonObject();
            if (slot.get("state").getAsString().equals("failed")) {
                return "worker[" + slot.get("slot") + "] " + slot.get("reason").getAsString();
            }
        }
        return null;
    }

    private static List<String> tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.subList(Math.max(0, lines.size() - 10), lines.size());
        } catch (IOException unreadable) {
            return List.of("(cannot read: " + unreadable.getMessage() + ")");
        }
    }
}
