package tcpecho.master.cli;

/** The pause between two checks when the CLI waits for the master (serving, or gone). */
final class Poll {
    static final long INTERVAL_MILLIS = 50;

    private Poll() {
    }

    static void pause() {
        pause(INTERVAL_MILLIS);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
