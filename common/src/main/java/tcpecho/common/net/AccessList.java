package tcpecho.common.net;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Who may use a listener, as NGINX's access module says it: rules like {@code allow 10.0.0.0/8},
 * {@code deny 2001:db8::/32}, {@code deny all}, checked in order, the first that matches decides;
 * a client no rule matches is allowed, so an empty list allows everyone. An IPv4 rule matches IPv4
 * clients, also on a dual-stack socket (the JDK hands those over as IPv4 addresses); an IPv6 rule
 * IPv6 clients. The config validates with {@link #parse}, the worker matches with {@link #allows}.
 */
public final class AccessList {
    public static final AccessList ALLOW_ALL = new AccessList(List.of());
    public static final String ACCEPTED = "rules \"allow ADDRESS[/BITS]\", \"deny ADDRESS[/BITS]\", \"allow all\" or"
            + " \"deny all\" (ADDRESS a literal IPv4 or IPv6 address), checked in order, the first match wins";

    /** One rule: {@code network} null means {@code all}. */
    private record Rule(boolean allow, byte[] network, int bits, int v4Network, int v4Mask, String text) {
    }

    private final Rule[] rules;

    private AccessList(List<Rule> rules) {
        this.rules = rules.toArray(new Rule[0]);
    }

    /** What {@link #networks} accepts, for error messages. */
    public static final String NETWORKS = "a list of literal IPv4 or IPv6 addresses or networks ADDRESS/BITS";

    /**
     * Only these addresses and networks ({@code "10.0.0.0/8, ::1"}, commas between them): the list
     * {@code allow NETWORK, ..., deny all}. Empty text, or a bad entry, throws IllegalArgumentException
     * naming it: a list that trusts nobody is a mistake, not a setting.
     */
    public static AccessList networks(String text) {
        List<String> rules = new ArrayList<>();
        for (String entry : text.split(",", -1)) {
            String network = entry.trim();
            if (network.isEmpty()) {
                continue;
            }
            if (network.equalsIgnoreCase("all") || words(network).length != 1) {
                throw new IllegalArgumentException("\"" + network + "\" is not an address or network");
            }
            rules.add("allow " + network);
        }
        if (rules.isEmpty()) {
            throw new IllegalArgumentException("no address given");
        }
        rules.add("deny all");
        try {
            return parse(rules);
        } catch (IllegalArgumentException e) {
            // Said of a network, not of the rule made from it: "10.1.2.3/8" has bits set..., "x" is not...
            String message = e.getMessage().replace("\"allow ", "\"");
            String quoted = message.substring(0, message.indexOf('"', 1) + 1);
            if (message.startsWith(quoted + ": " + quoted)) {
                message = message.substring(quoted.length() + 2);
            }
            throw new IllegalArgumentException(message, e);
        }
    }

    /**
     * Rules separated by commas ({@code "allow 10.0.0.0/8, deny all"}); blank is the empty list.
     * A bad rule throws IllegalArgumentException saying which and why.
     */
    public static AccessList parse(String text) {
        List<String> entries = new ArrayList<>();
        for (String entry : text.split(",")) {
            if (!entry.isBlank()) {
                entries.add(entry);
            }
        }
        return parse(entries);
    }

    public static AccessList parse(List<String> entries) {
        List<Rule> rules = new ArrayList<>();
        for (String entry : entries) {
            rules.add(rule(entry.trim()));
        }
        return rules.isEmpty() ? ALLOW_ALL : new AccessList(rules);
    }

    public boolean isEmpty() {
        return rules.length == 0;
    }

    /** Whether {@code client} may connect or be answered. */
    public boolean allows(InetAddress client) {
        if (rules.length == 0) {
            return true;
        }
        if (client instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address as an int (AccessListTest pins that): matching
            // it allocates nothing, where getAddress() copies an array for every datagram.
            int address = client.hashCode();
            for (Rule rule : rules) {
                if (rule.network == null || (rule.network.length == 4 && (address & rule.v4Mask) == rule.v4Network)) {
                    return rule.allow;
                }
            }
            return true;
        }
        byte[] address = client.getAddress();
        for (Rule rule : rules) {
            if (rule.network == null || (rule.network.length == address.length && prefixMatches(rule, address))) {
                return rule.allow;
            }
        }
        return true;
    }

    /** {@code allow 10.0.0.0/8, deny all}: what {@link #parse(String)} reads back; "" for the empty list. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ");
        for (Rule rule : rules) {
            text.add(rule.text);
        }
        return text.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessList list && list.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    private static boolean prefixMatches(Rule rule, byte[] address) {
        int bits = rule.bits;
        for (int i = 0; bits > 0; i++, bits -= 8) {
            int mask = bits >= 8 ? 0xFF : (0xFF << (8 - bits)) & 0xFF;
            if (((address[i] ^ rule.network[i]) & mask) != 0) {
                return false;
            }
        }
        return true;
    }

    private static Rule rule(String entry) {
        String[] words = words(entry);
        String verb = words[0].toLowerCase(Locale.ROOT);
        if (words.length != 2 || (!verb.equals("allow") && !verb.equals("deny"))) {
            throw new IllegalArgumentException("\"" + entry + "\" is not \"allow ...\" or \"deny ...\"");
        }
        boolean allow = verb.equals("allow");
        String target = words[1];
        if (target.equalsIgnoreCase("all")) {
            return new Rule(allow, null, 0, 0, 0, verb + " all");
        }
        int slash = target.indexOf('/');
        InetAddress address = literal(entry, slash < 0 ? target : target.substring(0, slash));
        byte[] network = address.getAddress();
        int bits = network.length * 8;
        if (slash >= 0) {
            String suffix = target.substring(slash + 1);
            bits = isDigits(suffix, 3) ? Integer.parseInt(suffix) : -1;
            if (bits < 0 || bits > network.length * 8) {
                throw new IllegalArgumentException("\"" + entry + "\": the prefix length must be 0 to "
                        + network.length * 8 + " (got \"" + suffix + "\")");
            }
        }
        byte[] masked = masked(network, bits);
        if (!java.util.Arrays.equals(masked, network)) {
            throw new IllegalArgumentException("\"" + entry + "\" has bits set past /" + bits + " (did you mean "
                    + hostAddress(masked) + "/" + bits + "?)");
        }
        int v4Mask = network.length == 4 && bits > 0 ? -1 << (32 - bits) : 0;
        int v4Network = network.length == 4 ? toInt(network) & v4Mask : 0;
        String shown = hostAddress(network) + (slash >= 0 ? "/" + bits : "");
        return new Rule(allow, network, bits, v4Network, v4Mask, verb + " " + shown);
    }

    /** A literal address only: a host name would need a DNS lookup, here and in every worker. */
    private static InetAddress literal(String entry, String text) {
        if (isDottedQuad(text) || text.contains(":")) {
            try {
                return InetAddress.getByName(text);
            } catch (UnknownHostException | IllegalArgumentException bad) {
                // reported below
            }
        }
        throw new IllegalArgumentException("\"" + entry + "\": \"" + text + "\" is not a literal IPv4 or IPv6 address");
    }

    /*
     * No java.util.regex here: the worker parses its lists at start, and the regex classes alone
     * would add to every worker's start and class-data-sharing archive.
     */

    private static String[] words(String entry) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        for (char c : (entry + " ").toCharArray()) {
            if (!Character.isWhitespace(c)) {
                word.append(c);
            } else if (word.length() > 0) {
                words.add(word.toString());
                word.setLength(0);
            }
        }
        return words.isEmpty() ? new String[] {""} : words.toArray(new String[0]);
    }

    private static boolean isDottedQuad(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (!isDigits(part, 3)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDigits(String text, int maxLength) {
        if (text.isEmpty() || text.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static byte[] masked(byte[] network, int bits) {
        byte[] masked = network.clone();
        for (int i = 0; i < masked.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            masked[i] &= (byte) (keep == 0 ? 0 : 0xFF << (8 - keep));
        }
        return masked;
    }

    private static int toInt(byte[] four) {
        return (four[0] & 0xFF) << 24 | (four[1] & 0xFF) << 16 | (four[2] & 0xFF) << 8 | (four[3] & 0xFF);
    }

    /** {@code 10.0.0.0}, or an IPv6 address in its short form (RFC 5952: {@code 2001:db8::}, {@code ::1}). */
    private static String hostAddress(byte[] address) {
        if (address.length == 4) {
            return (address[0] & 0xFF) + "." + (address[1] & 0xFF) + "." + (address[2] & 0xFF) + "." + (address[3] & 0xFF);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (address[2 * i] & 0xFF) << 8 | (address[2 * i + 1] & 0xFF);
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                text.append("::");
                i += bestLength - 1;
                continue;
            }
            if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
                text.append(':');
            }
            text.append(Integer.toHexString(groups[i]));
        }
        return text.toString();
    }
}
