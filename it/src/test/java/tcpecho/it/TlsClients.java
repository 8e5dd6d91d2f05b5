package tcpecho.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import tcpecho.common.tls.TrustedCas;

/**
 * The real TLS clients the TLS tests use: {@code openssl s_client}, socat's {@code OPENSSL:}, and
 * the JDK's SSLSocket for a connection held open across events; the certificates come from
 * scripts/test-certs.sh, made once per test JVM with openssl into a temporary directory.
 */
final class TlsClients {
    static final Path CERTS = makeCertificates();
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    record Result(int code, byte[] stdout, String stderr) {
        String out() {
            return new String(stdout, java.nio.charset.StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return "exit " + code + ", stdout " + stdout.length + " bytes, stderr:\n" + stderr;
        }
    }

    private TlsClients() {
    }

    private static Path makeCertificates() {
        try {
            Path dir = Files.createTempDirectory("it-certs-");
            Process openssl = new ProcessBuilder(MasterProcess.HOME.resolve("scripts/test-certs.sh").toString(), dir.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!openssl.waitFor(60, TimeUnit.SECONDS) || openssl.exitValue() != 0) {
                throw new IllegalStateException("scripts/test-certs.sh failed");
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path cert(String name) {
        return CERTS.resolve(name);
    }

    /**
     * {@code openssl s_client} to 127.0.0.1:{@code port} trusting the test CA: sends {@code input}, waits
     * until as many bytes came back (or the client ended), then closes its input, which makes it send
     * close_notify and exit. stderr has its -brief report (protocol version, cipher, alerts).
     */
    static Result sClient(int port, byte[] input, String... extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port,
                "-brief", "-no_ign_eof", "-CAfile", cert("ca.pem").toString(), "-verify_return_error"));
        command.addAll(List.of(extra));
        return run(command, input, input.length);
    }

    /** socat {@code - OPENSSL:127.0.0.1:port} with {@code input}; returns once socat has ended. */
    static Result socat(int port, Path input) throws IOException, InterruptedException {
        List<String> command = List.of("socat", "-t", "10", "-b", "65536", "-",
                "OPENSSL:127.0.0.1:" + port + ",cafile=" + cert("ca.pem") + ",verify=1");
        Path out = Files.createTempFile("socat", ".out");
        Path err = Files.createTempFile("socat", ".err");
        try {
            Process socat = new ProcessBuilder(command).redirectInput(input.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!socat.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                socat.destroyForcibly();
                throw new AssertionError("socat did not finish within " + CLIENT_TIMEOUT);
            }
            return new Result(socat.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Runs {@code command}, feeding {@code input}; closes its stdin once {@code expect} bytes came out. */
    static Result run(List<String> command, byte[] input, int expect) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tls-client", ".out");
        Path err = Files.createTempFile("tls-client", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(input);
                stdin.flush();
                if (input.length == 0) {
                    // Nothing to send: EOF at once, which ends s_client right after its handshake.
                    stdin.close();
                }
                long deadline = System.nanoTime() + CLIENT_TIMEOUT.toNanos();
                while (process.isAlive() && Files.size(out) < expect && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            } catch (IOException closedEarly) {
                // the client ended before reading its input (a refused handshake): its exit code says so
            }
            if (!process.waitFor(CLIENT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + CLIENT_TIMEOUT);
            }
            return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The serial number of the certificate the server on {@code port} presents, as openssl prints it (hex). */
    static String servedSerial(int port) throws IOException, InterruptedException {
        Result hello = run(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-CAfile",
                cert("ca.pem").toString(), "-verify_return_error"), new byte[0], Integer.MAX_VALUE);
        Path pem = Files.createTempFile("served", ".pem");
        try {
            Files.write(pem, hello.stdout());
            Result serial = run(List.of("openssl", "x509", "-noout", "-serial", "-in", pem.toString()), new byte[0], 0);
            return hexSerial(serial.out().strip().replace("serial=", ""));
        } finally {
            Files.deleteIfExists(pem);
        }
    }

    /** The serial of a certificate file, as openssl prints it. */
    static String serialOf(String certFile) throws IOException, InterruptedException {
        Result serial = run(List.of("openssl", "x509", "-noout", "-serial", "-in", cert(certFile).toString()), new byte[0], 0);
        return hexSerial(serial.out().strip().replace("serial=", ""));
    }

    /** A serial number in hex as one text: upper case, no leading zeros (openssl pads to whole bytes). */
    static String hexSerial(String hex) {
        return new java.math.BigInteger(hex, 16).toString(16).toUpperCase(java.util.Locale.ROOT);
    }

    /** A JDK TLS client connected and handshaken to 127.0.0.1:{@code port}, trusting the test CA. */
    static SSLSocket connect(int port) throws Exception {
        SSLSocket socket = (SSLSocket) TrustedCas.clientContext(cert("ca.pem")).getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(EchoClient.READ_TIMEOUT_MILLIS);
        socket.startHandshake();
        return socket;
    }

    /** Writes {@code data} on {@code socket} and reads as many bytes back. */
    static byte[] exchange(SSLSocket socket, byte[] data) throws IOException {
        socket.getOutputStream().write(data);
        socket.getOutputStream().flush();
        return socket.getInputStream().readNBytes(data.length);
    }

    private static void deleteQuietly(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory: the system cleans it up eventually
        }
    }
}
