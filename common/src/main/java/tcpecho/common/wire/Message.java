package tcpecho.common.wire;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One control-socket message: a verb and ordered key/value fields. Immutable; build with {@link #of}
 * and {@link #with}. The text encoding lives in {@link MessageCodec}; the verbs in {@link Verb}.
 */
public final class Message {
    private final String verb;
    private final Map<String, String> fields;

    private Message(String verb, Map<String, String> fields) {
        this.verb = Objects.requireNonNull(verb, "verb");
        this.fields = Collections.unmodifiableMap(fields);
    }

    public static Message of(String verb) {
        return new Message(verb, new LinkedHashMap<>());
    }

    public Message with(String key, Object value) {
        Map<String, String> copy = new LinkedHashMap<>(fields);
        copy.put(key, String.valueOf(value));
        return new Message(verb, copy);
    }

    public String verb() {
        return verb;
    }

    public boolean is(String expectedVerb) {
        return verb.equals(expectedVerb);
    }

    public Map<String, String> fields() {
        return fields;
    }

    public String get(String key) {
        return fields.get(key);
    }

    public String get(String key, String fallback) {
        return fields.getOrDefault(key, fallback);
    }

    /** The field as a long, or empty when it is missing or not a number (peers may be hostile). */
    public OptionalLong getLong(String key) {
        String value = fields.get(key);
        if (value == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException notANumber) {
            return OptionalLong.empty();
        }
    }

    public long getLong(String key, long fallback) {
        return getLong(key).orElse(fallback);
    }

    /** The field as a long; a typed message's decoder rejects the whole message when it is missing or not a number. */
    public long requireLong(String key) throws MalformedMessageException {
        OptionalLong value = getLong(key);
        if (value.isEmpty()) {
            String text = fields.get(key);
            throw new MalformedMessageException(verb + " field '" + key + "' "
                    + (text == null ? "is missing" : "is not a number: '" + text + "'"));
        }
        return value.getAsLong();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Message m && verb.equals(m.verb) && fields.equals(m.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, fields);
    }

    @Override
    public String toString() {
        return MessageCodec.encode(this).stripTrailing();
    }
}
