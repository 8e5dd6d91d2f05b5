package tcpecho.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import tcpecho.common.listener.ListenerOptionKeys;
import tcpecho.common.tls.ServerTls;
import tcpecho.common.tls.TlsFileException;
import tcpecho.common.tls.TlsOptions;
import tcpecho.config.Rule.InvalidValue;

/**
 * A {@code [[listener]]}'s TLS keys: read, checked, and the files loaded as a worker will load them
 * (so a key that does not match its certificate fails here, naming the line and the file, and a
 * reload with it leaves the serving generation alone). Every TCP listener may carry them.
 */
final class TlsKeys {
    static final Duration MAX_HANDSHAKE_TIMEOUT = Duration.ofMinutes(5);

    private TlsKeys() {
    }

    /** The listener's TLS options, or null without {@code tls-cert}/{@code tls-key} or when a problem was recorded. */
    static TlsOptions read(String label, Map<String, Candidate> given, List<Problem> problems) {
        List<Candidate> present = ListenerOptionKeys.TLS.stream().filter(given::containsKey).map(given::get).toList();
        if (present.isEmpty()) {
            return null;
        }
        Candidate cert = given.get(ListenerOptionKeys.TLS_CERT);
        Candidate key = given.get(ListenerOptionKeys.TLS_KEY);
        if (cert == null || key == null) {
            Candidate some = cert != null ? cert : key != null ? key : present.get(0);
            problems.add(some.problem(label + "." + (cert == null ? ListenerOptionKeys.TLS_CERT : ListenerOptionKeys.TLS_KEY)
                    + " is required with " + some.key() + " (a TLS listener needs both tls-cert and tls-key)"));
            return null;
        }
        int before = problems.size();
        Path certFile = ListenerTable.parse(cert, c -> Rules.path(c.key(), false, 0).parse(c).value(), problems);
        Path keyFile = ListenerTable.parse(key, c -> Rules.path(c.key(), false, 0).parse(c).value(), problems);
        Candidate caCandidate = given.get(ListenerOptionKeys.TLS_CLIENT_CA);
        Path ca = ListenerTable.parse(caCandidate, c -> Rules.path(c.key(), false, 0).parse(c).value(), problems);
        List<String> protocols = ListenerTable.parse(given.get(ListenerOptionKeys.TLS_PROTOCOLS), TlsKeys::protocols, problems);
        Duration timeout = ListenerTable.parse(given.get(ListenerOptionKeys.TLS_HANDSHAKE_TIMEOUT),
                c -> Rules.duration(c.key(), Duration.ofMillis(1), MAX_HANDSHAKE_TIMEOUT).parse(c).value(), problems);
        if (problems.size() > before) {
            return null;
        }
        TlsOptions options = new TlsOptions(certFile, keyFile, ca, protocols == null ? TlsOptions.DEFAULT_PROTOCOLS : protocols,
                timeout == null ? TlsOptions.DEFAULT_HANDSHAKE_TIMEOUT_MILLIS : timeout.toMillis());
        try {
            ServerTls.load(options);
        } catch (TlsFileException e) {
            Candidate at = e.file().equals(keyFile) ? key : e.file().equals(ca) ? caCandidate : cert;
            problems.add(at.problem(at.key() + ": " + e.getMessage()));
            return null;
        }
        return options;
    }

    /** {@code ["TLSv1.3", "TLSv1.2"]} or {@code "TLSv1.3,TLSv1.2"}: a non-empty subset of the allowed versions. */
    private static List<String> protocols(Candidate c) throws InvalidValue {
        List<String> versions = new ArrayList<>();
        if (c.raw() instanceof TomlArray array) {
            for (Object element : array.toList()) {
                versions.add(element instanceof String s ? s.strip() : String.valueOf(element));
            }
        } else if (c.raw() instanceof String text) {
            for (String part : text.split(",")) {
                versions.add(part.strip());
            }
        }
        if (versions.isEmpty() || !TlsOptions.ALLOWED_PROTOCOLS.containsAll(versions)) {
            throw new InvalidValue(c.key() + " must list one or both of \"" + String.join("\", \"", TlsOptions.ALLOWED_PROTOCOLS)
                    + "\" (got " + c.shown() + "; older versions are not offered)");
        }
        return List.copyOf(new LinkedHashSet<>(versions));
    }
}
