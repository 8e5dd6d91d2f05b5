package tcpecho.master.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import tcpecho.config.ConfigException;
import tcpecho.config.SettingRows;
import tcpecho.config.Settings;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Validate the config and print every effective setting with where it came from "
                + "(default, file, env, flag), like nginx -t / -T. Exits 1 naming file:line and the rule if invalid.")
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions target;

    @Mixin
    ListenOptions listeners;

    @Override
    public Integer call() {
        try {
            SettingRows rows = SettingFlags.rowsOf(spec);
            Settings settings = target.load(rows, SettingFlags.given(spec, rows), listeners.listenFlags());
            System.out.println(settings.configFile() == null ? "no config file: defaults, environment and flags"
                    : "config file " + settings.configFile() + " is valid");
            System.out.print(settings.describe());
            return ExitCode.OK;
        } catch (ConfigException invalid) {
            FlagErrors.rethrowAsUsage(invalid, spec);
            System.err.println("tcp-echo-master: " + invalid.getMessage());
            return ExitCode.FAILURE;
        }
    }
}
