package tcpecho.master.supervisor;

import tcpecho.master.net.ListenerSpec;
import tcpecho.master.net.SocketPool;

/**
 * A listener as one generation serves it: what it speaks ({@code spec}) on which sockets
 * ({@code pool}). Generations may share a pool while speaking different protocols on it.
 */
record ListenerBinding(ListenerSpec spec, SocketPool pool) {
}
