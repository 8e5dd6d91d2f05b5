package tcpecho.master;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this build was made from, read from {@code build.properties}, which
 * the build writes (master/pom.xml, build-info). Outside a git checkout the commit is "unknown";
 * a build from a tree with uncommitted changes has a commit like {@code abc1234-dirty}.
 */
public record BuildInfo(String version, String commit, String commitTime) {
    private static final String RESOURCE = "/tcpecho/master/build.properties";
    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException unreadable) {
            // a build without the resource still runs; it just cannot say what it is
        }
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("commit")),
                known(p.getProperty("commit.time")));
    }

    /** Unset, or left as a ${placeholder} by a build without git: "unknown". */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
    }
}
