package tcpecho.master;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The version and git commit this build was made from, read from {@code build.properties}, which
 * the build writes (git-commit-id-maven-plugin). Outside a git checkout the commit is "unknown".
 */
public record BuildInfo(String version, String commit, String commitTime, boolean dirty) {
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
        return new BuildInfo(known(p.getProperty("version")), known(p.getProperty("git.commit.id.abbrev")),
                known(p.getProperty("git.commit.time")), "true".equals(p.getProperty("git.dirty")));
    }

    /** Unset, or left as a ${placeholder} by a build without git: "unknown". */
    private static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.trim();
    }
}
