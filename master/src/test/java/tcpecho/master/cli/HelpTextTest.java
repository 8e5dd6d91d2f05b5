package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * picocli wraps help text with the JDK's line BreakIterator, which may break inside a word after
 * {@code :}, {@code .} or {@code -}: {@code http://ENDPOINT} came out as {@code http:} and
 * {@code //ENDPOINT} on two lines, {@code e.g.} as {@code e.} and {@code g.}. Every sentence of every
 * command's {@code --help} must read the same once its lines are joined again.
 */
class HelpTextTest {
    static Stream<String> commands() {
        return Stream.concat(Stream.of(""), Main.commandLine().getSubcommands().keySet().stream());
    }

    @ParameterizedTest(name = "tcp-echo-master {0} --help")
    @MethodSource("commands")
    void noWordIsBrokenByWrapping(String name) {
        CommandLine command = name.isEmpty() ? Main.commandLine() : Main.commandLine().getSubcommands().get(name);
        String joined = oneLine(command.getUsageMessage());

        assertFalse(joined.contains("http: //"), "http: // in\n" + command.getUsageMessage());
        assertFalse(joined.contains("e. g."), "e. g. in\n" + command.getUsageMessage());
        List<String> broken = new ArrayList<>();
        for (String sentence : descriptions(command)) {
            if (!joined.contains(oneLine(sentence))) {
                broken.add(sentence);
            }
        }
        assertEquals(List.of(), broken, "descriptions wrapped inside a word in:\n" + command.getUsageMessage());
    }

    /** The command's own description, its options' and parameters', and its subcommands' (listed in its help). */
    private static List<String> descriptions(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        List<String> texts = new ArrayList<>(List.of(spec.usageMessage().description()));
        for (ArgSpec arg : spec.args()) {
            texts.addAll(List.of(arg.description()));
        }
        texts.addAll(spec.usageMessage().exitCodeList().values());
        for (CommandLine sub : command.getSubcommands().values()) {
            texts.addAll(List.of(sub.getCommandSpec().usageMessage().description()));
        }
        return texts;
    }

    private static String oneLine(String text) {
        return text.strip().replaceAll("\\s+", " ");
    }
}
