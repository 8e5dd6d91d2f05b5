package tcpecho.config;

/** Turns one key's raw value into its typed value, or says which rule it breaks. */
public interface Rule<T> {

    Parsed<T> parse(Candidate candidate) throws InvalidValue;

    /** A valid value and its text as it could be written back into the file. */
    public record Parsed<T>(T value, String text) {
    }

    /** The value breaks the key's rule; the message names the key, the rule and what was found. */
    public final class InvalidValue extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidValue(String message) {
            super(message, null, false, false);
        }
    }
}
