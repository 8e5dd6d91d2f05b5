package tcpecho.master.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import tcpecho.config.SettingRow;
import tcpecho.config.SettingRows;

/**
 * The {@code start} and {@code check} flags of the settings, made from their rows: each row's name,
 * value label and help (with its default) become one option, so no flag is declared by hand. The
 * rows that every command takes ({@code -p}, {@code --control-socket}) are ConfigOptions'.
 */
final class SettingFlags {
    private SettingFlags() {
    }

    static void addTo(CommandSpec command, SettingRows rows) {
        for (SettingRow row : rows.all()) {
            if (row.flag().on() != SettingRow.FlagOn.START_AND_CHECK) {
                continue;
            }
            String[] names = row.flag().shortName() == null ? new String[] {row.flagName()}
                    : new String[] {row.flag().shortName(), row.flagName()};
            // A PATH value is typed Path so that shell completion offers file names for it.
            Class<?> type = row.flag().paramLabel().equals("PATH") ? Path.class : String.class;
            command.addOption(OptionSpec.builder(names).paramLabel(row.flag().paramLabel())
                    .description(row.flagDescription()).type(type).build());
        }
    }

    /**
     * The help of the flags every command declares in ConfigOptions (typed there, as {@code -p} takes
     * only a number) comes from their rows too: each such option is replaced by a copy with its row's help.
     */
    static void describeFromRows(CommandSpec command, SettingRows rows) {
        for (SettingRow row : rows.all()) {
            OptionSpec declared = command.findOption(row.flagName());
            if (row.flag().on() == SettingRow.FlagOn.EVERY_COMMAND && declared != null) {
                command.remove(declared);
                command.addOption(declared.toBuilder().description(row.flagDescription()).build());
            }
        }
    }

    /** The flags given on this command line, as config keys to raw text for the settings loader. */
    static Map<String, String> given(CommandSpec command, SettingRows rows) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (SettingRow row : rows.all()) {
            if (row.flag().on() != SettingRow.FlagOn.START_AND_CHECK) {
                continue;
            }
            Object value = command.findOption(row.flagName()).getValue();
            if (value != null) {
                flags.put(row.key(), value.toString());
            }
        }
        return flags;
    }

    /** The rows the command line was built with: the root command holds them. */
    static SettingRows rowsOf(CommandSpec command) {
        return ((TcpEchoMasterCommand) command.root().userObject()).rows;
    }
}
