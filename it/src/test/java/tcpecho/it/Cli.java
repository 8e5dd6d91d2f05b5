package tcpecho.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion, capturing its exit code, stdout and stderr. */
final class Cli {
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int code, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout:\n" + stdout + "--- stderr:\n" + stderr;
        }
    }

    private Cli() {
    }

    /** bin/tcp-echo-master with {@code args}. */
    static Result master(String... args) {
        List<String> command = new ArrayList<>();
        command.add(MasterProcess.BIN.toString());
        command.addAll(List.of(args));
        return run(command);
    }

    static Result run(List<String> command) {
        Path out = null;
        Path err = null;
        try {
            // Files, not pipes: a detached master inherits nothing from us that could hold a pipe open.
            out = Files.createTempFile("cli", ".out");
            err = Files.createTempFile("cli", ".err");
            Process process = new ProcessBuilder(command).directory(MasterProcess.HOME.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException failed) {
            throw new AssertionError("cannot run " + command + ": " + failed, failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // a leftover temp file is harmless
        }
    }
}
