package tcpecho.common.wire;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The control-socket wire format, for workers and the CLI alike.
 *
 * <p>A message is one UTF-8 line ending in {@code \n}: a verb, then space-separated
 * {@code key=value} fields. Values are URL-encoded (so they never contain a space, '=' or a
 * newline); keys and verbs are plain. Example: {@code HEARTBEAT connections=3 bytes_in=1024}.
 * A line is at most {@link #MAX_LINE_BYTES}; anything longer or malformed is rejected with
 * {@link MalformedMessageException} and the connection that sent it is closed by the reader.
 *
 * <p>Text lines rather than JSON keep the worker JVM free of a JSON library and let an operator
 * speak the protocol with {@code socat - UNIX-CONNECT:...}.
 */
public final class MessageCodec {
    public static final int MAX_LINE_BYTES = 64 * 1024;
    private static final Pattern VERB = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");
    private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private MessageCodec() {
    }

    /** The encoded line, including its trailing newline. */
    public static String encode(Message message) {
        StringBuilder line = new StringBuilder(message.verb());
        for (Map.Entry<String, String> field : message.fields().entrySet()) {
            if (!KEY.matcher(field.getKey()).matches()) {
                throw new IllegalArgumentException("invalid field name '" + field.getKey() + "'");
            }
            line.append(' ').append(field.getKey()).append('=')
                    .append(URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8));
        }
        return line.append('\n').toString();
    }

    /** Parses one line, with or without its trailing newline. */
    public static Message decode(String line) throws MalformedMessageException {
        String text = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_LINE_BYTES) {
            throw new MalformedMessageException("message longer than " + MAX_LINE_BYTES + " bytes");
        }
        String[] parts = text.split(" ", -1);
        if (!VERB.matcher(parts[0]).matches()) {
            throw new MalformedMessageException("invalid verb '" + abbreviate(parts[0]) + "'");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            String key = eq < 0 ? parts[i] : parts[i].substring(0, eq);
            if (eq < 0 || !KEY.matcher(key).matches()) {
                throw new MalformedMessageException("invalid field '" + abbreviate(parts[i]) + "'");
            }
            try {
                fields.put(key, URLDecoder.decode(parts[i].substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                throw new MalformedMessageException("invalid escape in field '" + key + "'");
            }
        }
        Message message = Message.of(parts[0]);
        for (Map.Entry<String, String> field : fields.entrySet()) {
            message = message.with(field.getKey(), field.getValue());
        }
        return message;
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
