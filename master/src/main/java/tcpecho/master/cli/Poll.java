package tcpecho.master.cli;

/** The pause between two checks when the CLI waits for the master (serving, or gone). */
final class Poll {
    static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    static void pause() {
        try {
            Thread.sleep(INTERVAL_MILLIS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
