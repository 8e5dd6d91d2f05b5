package tcpecho.common.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class AccessListTest {
    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void networksTrustOnlyThoseAddressesAndSayWhichEntryIsWrong() throws Exception {
        AccessList trusted = AccessList.networks("10.0.0.0/8, ::1");

        assertTrue(trusted.allows(InetAddress.getByName("10.1.2.3")));
        assertTrue(trusted.allows(InetAddress.getByName("::1")));
        assertFalse(trusted.allows(InetAddress.getByName("11.0.0.1")));
        assertEquals("allow 10.0.0.0/8, allow ::1, deny all", trusted.toString());
        assertEquals("\"10.1.2.3/8\" has bits set past /8 (did you mean 10.0.0.0/8?)",
                assertThrows(IllegalArgumentException.class, () -> AccessList.networks("10.1.2.3/8")).getMessage());
        assertEquals("\"lb.example\" is not a literal IPv4 or IPv6 address",
                assertThrows(IllegalArgumentException.class, () -> AccessList.networks("lb.example")).getMessage());
        assertEquals("\"all\" is not an address or network",
                assertThrows(IllegalArgumentException.class, () -> AccessList.networks("all")).getMessage());
        assertEquals("no address given", assertThrows(IllegalArgumentException.class, () -> AccessList.networks(" ")).getMessage());
    }

    @Test
    void anEmptyListAllowsEveryone() throws Exception {
        assertTrue(AccessList.parse("").allows(ip("192.0.2.1")));
        assertTrue(AccessList.parse(" , ").isEmpty());
    }

    @Test
    void theFirstMatchWinsAsInNginx() throws Exception {
        AccessList list = AccessList.parse("deny 192.168.1.1, allow 192.168.1.0/24, allow 10.1.0.0/16,"
                + " allow 2001:db8::/32, deny all");
        assertFalse(list.allows(ip("192.168.1.1")));
        assertTrue(list.allows(ip("192.168.1.2")));
        assertTrue(list.allows(ip("10.1.255.255")));
        assertFalse(list.allows(ip("10.2.0.0")));
        assertTrue(list.allows(ip("2001:db8:ffff::1")));
        assertFalse(list.allows(ip("2001:db9::1")));
        assertFalse(list.allows(ip("127.0.0.1")));
    }

    @Test
    void noMatchingRuleAllows() throws Exception {
        AccessList list = AccessList.parse("deny 127.0.0.2");
        assertFalse(list.allows(ip("127.0.0.2")));
        assertTrue(list.allows(ip("127.0.0.3")));
    }

    @Test
    void prefixLengthsAtTheEdges() throws Exception {
        assertTrue(AccessList.parse("deny 0.0.0.0/0").allows(ip("::1")), "an IPv4 rule leaves IPv6 clients alone");
        assertFalse(AccessList.parse("deny 0.0.0.0/0").allows(ip("203.0.113.9")));
        assertFalse(AccessList.parse("deny ::/0").allows(ip("::1")));
        assertFalse(AccessList.parse("deny 127.0.0.1/32").allows(ip("127.0.0.1")));
        assertTrue(AccessList.parse("deny 127.0.0.1/32").allows(ip("127.0.0.0")));
        assertFalse(AccessList.parse("deny 10.0.0.0/9").allows(ip("10.127.1.1")));
        assertTrue(AccessList.parse("deny 10.0.0.0/9").allows(ip("10.128.0.0")));
        assertFalse(AccessList.parse("deny fe80::/10").allows(ip("febf::1")));
        assertTrue(AccessList.parse("deny fe80::/10").allows(ip("fec0::1")));
        assertFalse(AccessList.parse("deny ::1/128").allows(ip("::1")));
    }

    @Test
    void readsBackWhatItPrints() {
        AccessList list = AccessList.parse("Allow 10.0.0.0/8,deny   2001:DB8::/32 , deny all");
        assertEquals("allow 10.0.0.0/8, deny 2001:db8::/32, deny all", list.toString());
        assertEquals(list, AccessList.parse(list.toString()));
    }

    @Test
    void printsIpv6InItsShortForm() {
        assertEquals("allow ::1, allow ::/0, deny fe80::/10, deny 2001:db8:0:1::5, deny 1:0:0:1::1, deny 1:2:3:4:5:6:7:8",
                AccessList.parse("allow 0:0:0:0:0:0:0:1, allow ::/0, deny FE80::/10, deny 2001:db8:0:1:0:0:0:5,"
                        + " deny 1:0:0:1:0:0:0:1, deny 1:2:3:4:5:6:7:8").toString());
    }

    @Test
    void badRulesSayWhatIsWrong() {
        assertEquals("\"permit 10.0.0.1\" is not \"allow ...\" or \"deny ...\"", message("permit 10.0.0.1"));
        assertEquals("\"allow localhost\": \"localhost\" is not a literal IPv4 or IPv6 address",
                message("allow localhost"));
        assertEquals("\"deny 10.0.0.0/33\": the prefix length must be 0 to 32 (got \"33\")", message("deny 10.0.0.0/33"));
        assertEquals("\"deny 10.1.2.3/8\" has bits set past /8 (did you mean 10.0.0.0/8?)", message("deny 10.1.2.3/8"));
        assertEquals("\"allow\" is not \"allow ...\" or \"deny ...\"", message("allow"));
        assertEquals("\"deny 300.1.1.1\": \"300.1.1.1\" is not a literal IPv4 or IPv6 address", message("deny 300.1.1.1"));
    }

    /** allows() reads an IPv4 address through hashCode() to allocate nothing; that must stay the address. */
    @Test
    void inet4HashCodeIsTheAddress() throws Exception {
        for (String literal : new String[] {"0.0.0.0", "127.0.0.1", "10.128.0.1", "255.255.255.255", "192.0.2.200"}) {
            InetAddress address = ip(literal);
            assertEquals(ByteBuffer.wrap(address.getAddress()).getInt(), address.hashCode(), literal);
        }
    }

    private static String message(String text) {
        return assertThrows(IllegalArgumentException.class, () -> AccessList.parse(text)).getMessage();
    }
}
