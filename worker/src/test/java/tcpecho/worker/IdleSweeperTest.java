package tcpecho.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IdleSweeperTest {

    /**
     * A proxied pair has two keys whose attachments close one shared connection: the sweep must
     * close it once, not once per key (the second close used to set SO_LINGER on closed sockets).
     */
    @Test
    void twoKeysOfOneConnectionCloseItOnce() throws Exception {
        try (Selector selector = Selector.open()) {
            Pipe a = Pipe.open();
            Pipe b = Pipe.open();
            a.source().configureBlocking(false);
            b.source().configureBlocking(false);
            Shared pair = new Shared();
            a.source().register(selector, SelectionKey.OP_READ, pair.end());
            b.source().register(selector, SelectionKey.OP_READ, pair.end());
            IdleSweeper sweeper = new IdleSweeper(selector, 1000, true, 0);

            sweeper.runTimers(TimeUnit.SECONDS.toNanos(2));

            assertEquals(1, pair.closes);
            a.source().close();
            a.sink().close();
            b.source().close();
            b.sink().close();
        }
    }

    /** One connection, idle since 0, seen through two ends as ProxyConnection's are. */
    private static final class Shared {
        int closes;

        IdleSweeper.Sweepable end() {
            return new IdleSweeper.Sweepable() {
                @Override
                public boolean isClosed() {
                    return closes > 0;
                }

                @Override
                public long idleNanos(long now) {
                    return now;
                }

                @Override
                public void closeIdle(long idleMillis, boolean reset) {
                    closes++;
                }
            };
        }
    }
}
