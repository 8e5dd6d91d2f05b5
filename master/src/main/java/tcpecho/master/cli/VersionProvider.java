package tcpecho.master.cli;

import picocli.CommandLine.IVersionProvider;
import tcpecho.master.BuildInfo;

/** {@code tcp-echo-master 0.1.0 (commit abc1234, 2026-11-21T06:00:00+00:00)} and the JVM running it. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        BuildInfo build = BuildInfo.current();
        return new String[] {
            "tcp-echo-master " + build.version() + " (commit " + build.commit() + ", " + build.commitTime() + ")",
            "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        };
    }
}
