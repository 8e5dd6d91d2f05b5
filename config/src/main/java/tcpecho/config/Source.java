package tcpecho.config;

import java.util.Locale;

/** Where a setting's value came from, lowest precedence first. */
public enum Source {
    DEFAULT, FILE, ENV, FLAG;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
