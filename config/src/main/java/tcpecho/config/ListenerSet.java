package tcpecho.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settles one layer's declared listeners: an unbound one takes the top-level {@code bind}, an
 * unnamed one is named {@code <protocol>-<port>} (with {@code -2}, {@code -3}... when taken), and
 * two listeners may not share a name, nor a transport and port on overlapping addresses (the
 * wildcard overlaps every address: the kernel would split the traffic between them).
 */
final class ListenerSet {

    /**
     * A listener as declared, with how problems name it.
     *
     * @param label {@code listener[2]} in a file, the spec's text for {@code --listen}
     */
    record Declared(Listener listener, String label, Path file, Integer line) {
        Problem problem(String key, String what) {
            return file == null ? new Problem(null, null, ListenFlag.KEY, ListenFlag.FLAG, what)
                    : Problem.inFile(file, line, key, what);
        }
    }

    private ListenerSet() {
    }

    static List<Listener> settle(List<Declared> declared, String defaultBind, List<Problem> problems) {
        Set<String> names = new HashSet<>();
        List<Declared> bound = new ArrayList<>();
        for (Declared d : declared) {
            Listener l = d.listener().bind() == null ? d.listener().withBind(defaultBind) : d.listener();
            bound.add(new Declared(l, d.label(), d.file(), d.line()));
            if (l.name() != null && !names.add(l.name())) {
                Declared first = bound.stream().filter(o -> l.name().equals(o.listener().name())).findFirst().get();
                problems.add(d.problem(d.label() + ".name", d.label() + ".name \"" + l.name() + "\" is already used by "
                        + first.label()));
            }
        }
        List<Listener> settled = new ArrayList<>();
        for (int i = 0; i < bound.size(); i++) {
            Listener l = bound.get(i).listener();
            for (int j = 0; j < i; j++) {
                String clash = clash(bound.get(j).listener(), l);
                if (clash != null) {
                    problems.add(bound.get(i).problem(bound.get(i).label(), bound.get(i).label() + " conflicts with "
                            + bound.get(j).label() + ": " + clash));
                }
            }
            settled.add(l.name() != null ? l : l.withName(freeName(l, names)));
        }
        return settled;
    }

    private static String freeName(Listener l, Set<String> names) {
        String base = l.protocol().label() + "-" + l.port();
        String name = base;
        for (int n = 2; !names.add(name); n++) {
            name = base + "-" + n;
        }
        return name;
    }

    /** Why {@code a} and {@code b} cannot both be bound, or null when they can. */
    private static String clash(Listener a, Listener b) {
        if (a.port() != b.port() || !a.protocol().transport().equals(b.protocol().transport())) {
            return null;
        }
        String where = "both listen on " + a.protocol().transport() + " port " + a.port();
        if (a.bind().equals(b.bind()) || Objects.equals(a.bindAddress(), b.bindAddress())) {
            return where + " of " + a.bind();
        }
        if (isWildcard(a) || isWildcard(b)) {
            return where + ", and " + (isWildcard(a) ? a.bind() : b.bind()) + " covers "
                    + (isWildcard(a) ? b.bind() : a.bind());
        }
        return null;
    }

    private static boolean isWildcard(Listener l) {
        InetAddress address = l.bindAddress();
        return address == null || address.isAnyLocalAddress();
    }
}
