package tcpecho.master.supervisor;

import tcpecho.config.Settings;

/**
 * The generation that serves now: its number and the settings its workers were started with.
 * The supervisor and its reload and upgrade flows read it; only a committed reload replaces it,
 * number and settings together. Supervisor thread only.
 */
final class ServingGeneration {
    private Settings settings;
    private long number;

    ServingGeneration(Settings settings, long number) {
        this.settings = settings;
        this.number = number;
    }

    Settings settings() {
        return settings;
    }

    long number() {
        return number;
    }

    void replace(Settings nextSettings, long nextNumber) {
        settings = nextSettings;
        number = nextNumber;
    }
}
