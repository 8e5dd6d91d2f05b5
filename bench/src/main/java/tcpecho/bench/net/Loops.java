package tcpecho.bench.net;

import java.util.ArrayList;
import java.util.List;

/** A fixed group of event loops that a load spreads its connections over, round robin. */
public final class Loops {
    private final List<EventLoop> loops = new ArrayList<>();

    public Loops(String name, int count) {
        for (int i = 0; i < count; i++) {
            loops.add(new EventLoop(name + "-" + i));
        }
    }

    public int size() {
        return loops.size();
    }

    public EventLoop get(int index) {
        return loops.get(index % loops.size());
    }

    public void stop() {
        loops.forEach(EventLoop::stop);
    }
}
