package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import tcpecho.config.SettingRow;
import tcpecho.config.SettingRows;

/** The flags declared by hand (-p, --control-socket: typed, on every command) agree with their rows. */
class SettingFlagsTest {
    @Test
    void everyCommandsSettingFlagsAreTheirRows() {
        List<String> disagreements = new ArrayList<>();
        List<CommandLine> commands = new ArrayList<>();
        // A command that only groups others (fault) takes no flags itself: its subcommands do.
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            commands.addAll(sub.getSubcommands().isEmpty() ? List.of(sub) : sub.getSubcommands().values());
        }
        for (CommandLine sub : commands) {
            for (SettingRow row : SettingRows.STANDARD.all()) {
                if (row.flag().on() != SettingRow.FlagOn.EVERY_COMMAND) {
                    continue;
                }
                OptionSpec option = sub.getCommandSpec().findOption(row.flagName());
                String expected = List.of(row.flag().shortName() == null ? List.of(row.flagName())
                        : List.of(row.flag().shortName(), row.flagName()), row.flag().paramLabel(),
                        row.flagDescription()).toString();
                String actual = option == null ? "none" : List.of(List.of(option.names()), option.paramLabel(),
                        String.join(" ", option.description())).toString();
                if (!expected.equals(actual)) {
                    disagreements.add(sub.getCommandName() + " " + row.key() + ": " + actual + " vs row " + expected);
                }
            }
        }
        assertEquals(List.of(), disagreements);
    }
}
