package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressTableTest {
    private final List<Object> recycledSeen = new ArrayList<>();
    private int made;

    private AddressTable<int[]> table(int capacity) {
        return new AddressTable<>(capacity, (recycled, now) -> {
            recycledSeen.add(recycled);
            made += recycled == null ? 1 : 0;
            return recycled != null ? recycled : new int[1];
        });
    }

    @Test
    void aKnownAddressKeepsItsValue() throws Exception {
        AddressTable<int[]> table = table(4);
        int[] first = table.get(v4(1), 0);
        first[0] = 42;
        assertSame(first, table.get(v4(1), 1));
        assertEquals(1, table.size());
    }

    @Test
    void sprayingThousandsOfAddressesStaysAtCapacityAndStopsAllocating() throws Exception {
        AddressTable<int[]> table = table(64);
        for (int i = 0; i < 5000; i++) {
            table.get(v4(i), i);
        }
        assertEquals(64, table.size());
        assertEquals(64, made, "values made; the rest recycled");
        assertEquals(5000 - 64, table.evictions());
    }

    @Test
    void theLeastRecentlySeenAddressGoesFirst() throws Exception {
        AddressTable<int[]> table = table(2);
        int[] a = table.get(v4(1), 0);
        table.get(v4(2), 1);
        table.get(v4(1), 2);
        table.get(v4(3), 3);
        assertSame(a, table.get(v4(1), 4), "1 was seen after 2, so 2 went");
        assertEquals(1, table.evictions());
    }

    @Test
    void ipv6AddressesAreKeysToo() throws Exception {
        AddressTable<int[]> table = table(4);
        int[] one = table.get(InetAddress.getByName("::1"), 0);
        assertSame(one, table.get(InetAddress.getByName("0:0:0:0:0:0:0:1"), 1));
        table.get(InetAddress.getByName("fe80::1"), 2);
        assertEquals(2, table.size());
    }

    private static InetAddress v4(int n) throws UnknownHostException {
        return InetAddress.getByAddress(new byte[] {127, (byte) (n >> 16), (byte) (n >> 8), (byte) n});
    }
}
