package tcpecho.worker;

import java.util.BitSet;
import java.util.StringJoiner;

/**
 * Source ports an {@code echo-udp} never answers while {@code udp-loop-guard} is on (the default):
 * port 0, which no real sender uses, and the ports of UDP services that answer whatever reaches
 * them, so that an echo sent to them comes back and bounces for ever (CERT CA-1996-01,
 * CVE-2024-2169), or that answer with much more than they got and would turn us into a flood's
 * relay. inetd's built-in services refuse the same kind of source. A client's own socket gets an
 * ephemeral port (32768-60999 on Linux), so no real client is refused.
 *
 * <p>This list is the one place; README.md and config/tcp-echo.toml show {@link #describe()}.
 */
final class LoopPorts {
    /** Single ports and inclusive ranges, in order. */
    private static final int[][] RANGES = {
        {0, 0},
        {7, 7},         // echo
        {9, 9},         // discard
        {11, 11},       // systat
        {13, 13},       // daytime
        {17, 17},       // qotd
        {19, 19},       // chargen
        {37, 37},       // time
        {53, 53},       // dns
        {69, 69},       // tftp
        {111, 111},     // rpcbind
        {123, 123},     // ntp
        {137, 138},     // netbios name and datagram
        {161, 162},     // snmp, snmp-trap
        {389, 389},     // cldap
        {1900, 1900},   // ssdp
        {3702, 3702},   // ws-discovery
        {5353, 5353},   // mdns
        {11211, 11211}, // memcached
    };
    private static final BitSet PORTS = new BitSet(65536);

    static {
        for (int[] range : RANGES) {
            PORTS.set(range[0], range[1] + 1);
        }
    }

    private LoopPorts() {
    }

    static boolean contains(int port) {
        return PORTS.get(port);
    }

    /** {@code 0, 7, 9, ..., 137-138, ...}, as the docs show it. */
    static String describe() {
        StringJoiner text = new StringJoiner(", ");
        for (int[] range : RANGES) {
            text.add(range[0] == range[1] ? Integer.toString(range[0]) : range[0] + "-" + range[1]);
        }
        return text.toString();
    }
}
