package tcpecho.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The environment's values: {@code TCP_ECHO_<KEY>} for every key, and the platforms' {@code PORT}. */
final class EnvLayer {

    private EnvLayer() {
    }

    /**
     * An empty variable counts as unset, as XDG_RUNTIME_DIR does: shells and compose files export
     * {@code PORT=} when they mean nothing.
     */
    static List<Candidate> candidates(SettingRows rows, Map<String, String> env, Path cwd) {
        List<Candidate> candidates = new ArrayList<>();
        for (SettingRow row : rows.all()) {
            String key = row.key();
            String variable = row.envName();
            if (key.equals(Keys.PORT) && isEmpty(env.get(variable))) {
                // TCP_ECHO_PORT is the more specific of the two, so PORT counts only without it.
                variable = Keys.PLATFORM_PORT_ENV;
            }
            String text = env.get(variable);
            if (!isEmpty(text)) {
                candidates.add(Candidate.fromEnv(key, variable, text, cwd));
            }
        }
        return candidates;
    }

    private static boolean isEmpty(String text) {
        return text == null || text.isEmpty();
    }
}
