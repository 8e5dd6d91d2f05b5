package tcpecho.master.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import tcpecho.config.ListenFlags;

/**
 * The listeners only {@code start} (and {@code check}, to show their effect) take as flags; the
 * settings' flags are made from their rows (SettingFlags).
 */
final class ListenOptions {
    @Option(names = "--listen", paramLabel = "SPEC",
            description = "A listener, repeatable: PROTOCOL:[ADDRESS:]PORT or proxy:[ADDRESS:]PORT=HOST:PORT; PROTOCOL is"
                    + " echo, echo-udp, daytime, discard, chargen or proxy; an IPv6 ADDRESS goes in brackets. Replaces"
                    + " the config file's listener tables; without any, -p/-b give one echo listener.")
    List<String> listen = new ArrayList<>();

    @Option(names = "--dump", description = "Log every byte proxy listeners relay, both ways (dump = \"log\").")
    boolean dump;

    ListenFlags listenFlags() {
        return new ListenFlags(listen, dump);
    }
}
