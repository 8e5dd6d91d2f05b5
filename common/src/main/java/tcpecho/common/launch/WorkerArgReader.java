package tcpecho.common.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The worker's command line as {@code --name value} pairs. Each name is taken once by whoever
 * decodes it; {@link #finish} then refuses a name nobody took (an argument this worker does not know,
 * e.g. from a master of another version) and a required one that was absent.
 */
final class WorkerArgReader {
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final Set<String> missing = new TreeSet<>();

    WorkerArgReader(String[] argv) {
        for (int i = 0; i < argv.length; i += 2) {
            if (!argv[i].startsWith("--") || argv[i].length() == 2) {
                throw new IllegalArgumentException("worker argument " + argv[i] + " is not --NAME");
            }
            if (i + 1 >= argv.length) {
                throw new IllegalArgumentException("worker argument " + argv[i] + " needs a value");
            }
            values.computeIfAbsent(argv[i].substring(2), name -> new ArrayList<>()).add(argv[i + 1]);
        }
    }

    /** The one value of {@code name}, or null (noted as missing until {@link #finish}). */
    String required(String name) {
        String value = optional(name);
        if (value == null) {
            missing.add(name);
        }
        return value;
    }

    /** The one value of {@code name}, or null when it was not given. */
    String optional(String name) {
        List<String> given = values.remove(name);
        if (given == null) {
            return null;
        }
        if (given.size() > 1) {
            throw new IllegalArgumentException("worker argument --" + name + " is given " + given.size() + " times");
        }
        return given.get(0);
    }

    /** Every value of a repeatable {@code name}, at least one. */
    List<String> repeated(String name) {
        List<String> given = values.remove(name);
        if (given == null) {
            missing.add(name);
            return List.of();
        }
        return given;
    }

    /** Throws for an argument nobody read, else for the required ones that were absent. */
    void finish() {
        if (!values.isEmpty()) {
            String name = values.keySet().iterator().next();
            throw new IllegalArgumentException("unknown worker argument --" + name);
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("missing worker argument --" + String.join(", --", missing));
        }
    }
}
