package tcpecho.common.launch;

/**
 * Worker exit codes the master acts on. As in NGINX, a fatal code means "do not respawn": the
 * worker could not use what it was given, and starting it again would fail the same way.
 */
public final class ExitCodes {
    /** Finished normally (told to stop, or the master went away). */
    public static final int OK = 0;
    /** Bad arguments or an unusable inherited socket: a bug or a broken install, not transient. */
    public static final int FATAL_CONFIG = 78; // EX_CONFIG from sysexits.h

    private ExitCodes() {
    }
}
