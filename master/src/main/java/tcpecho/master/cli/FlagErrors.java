package tcpecho.master.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import tcpecho.config.ConfigException;

/** A bad flag value is a usage error (exit 2, one line and where the help is); a bad file or environment value is not. */
final class FlagErrors {
    private FlagErrors() {
    }

    static void rethrowAsUsage(ConfigException invalid, CommandSpec spec) {
        String first = invalid.problems().get(0);
        if (first.startsWith("--")) {
            throw new ParameterException(spec.commandLine(), first);
        }
    }
}
