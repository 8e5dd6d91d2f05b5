package tcpecho.worker;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLSession;

/**
 * The scratch buffers every TLS connection of a worker borrows for one call and gives back before
 * the next: records arriving, records leaving, plaintext decrypted. A connection keeps a buffer of
 * its own only for what a call could not finish (a partial record, unsent records, plaintext the
 * protocol had no room for), sized to exactly that; an idle TLS connection holds none. Sharing is
 * safe because one thread runs every connection of the worker. Heap buffers: the JDK's ciphers
 * work on arrays, and a direct buffer would add a copy on each side of them.
 */
final class TlsBuffers {
    /** Records leaving per write: four full records take a 64 KiB echo read in one go. */
    static final int RECORDS_PER_WRITE = 4;

    final ByteBuffer netIn;
    final ByteBuffer netOut;
    final ByteBuffer plain;
    final int packetSize;

    TlsBuffers(SSLSession sizes) {
        packetSize = sizes.getPacketBufferSize();
        netIn = ByteBuffer.allocate(RECORDS_PER_WRITE * packetSize);
        netOut = ByteBuffer.allocate(RECORDS_PER_WRITE * packetSize);
        plain = ByteBuffer.allocate(sizes.getApplicationBufferSize());
    }
}
