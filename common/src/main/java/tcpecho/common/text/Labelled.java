package tcpecho.common.text;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An enum whose constants are written in the config, on the worker's command line and in messages
 * by a label: the constant's name in lower case ({@code DOWNSTREAM} is {@code downstream}) unless
 * the enum overrides {@link #label}. Spares each such enum its own field, lookup loop and list.
 */
public interface Labelled {

    /** The enum constant's name; every enum already has it. */
    String name();

    default String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The one of {@code values} labelled exactly {@code text}, or null. */
    static <E extends Labelled> E parse(E[] values, String text) {
        for (E value : values) {
            if (value.label().equals(text)) {
                return value;
            }
        }
        return null;
    }

    /** The labels of {@code values}, in order: what a message lists as accepted. */
    static List<String> labels(Labelled[] values) {
        return Arrays.stream(values).map(Labelled::label).toList();
    }
}
