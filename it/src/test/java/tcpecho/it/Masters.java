package tcpecho.it;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Hands out {@link MasterProcess}es to one test and cleans up after it: on failure it prints each
 * master's log first (the log says why a worker died or a reload failed), then closes them all.
 */
final class Masters implements AfterEachCallback {
    private final List<MasterProcess> masters = new ArrayList<>();

    /** A master on a free port, not started yet. */
    MasterProcess create() {
        MasterProcess master = new MasterProcess();
        masters.add(master);
        return master;
    }

    /** A master started in the foreground with 2 ready workers. */
    MasterProcess start(String... extraArgs) {
        return create().start(extraArgs);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (context.getExecutionException().isPresent()) {
                for (MasterProcess master : masters) {
                    if (master.log().isEmpty()) {
                        continue;
                    }
                    System.err.println("=== " + context.getDisplayName() + " failed; master on port " + master.port
                            + " logged:\n" + master.log());
                }
            }
        } finally {
            masters.forEach(MasterProcess::close);
            masters.clear();
        }
    }
}
