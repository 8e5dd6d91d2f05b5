package tcpecho.master.cli;

import picocli.CommandLine.IVersionProvider;

/** The version the jar was built as (from its manifest), and the JVM running it. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "tcp-echo-master " + (version == null ? "development build" : version),
            "JVM: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version")
        };
    }
}
