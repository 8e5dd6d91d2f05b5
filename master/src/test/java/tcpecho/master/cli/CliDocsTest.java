package tcpecho.master.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;
import tcpecho.master.BuildInfo;

/**
 * deploy/completion and deploy/man are generated from the CLI definition and committed; these tests
 * fail when they are stale. Regenerate with
 * {@code mvn -o test -pl master -am -Dtest=CliDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dtcpecho.updateDocs=true}
 * (the roff pages need asciidoctor: {@code apt-get install asciidoctor}).
 */
class CliDocsTest {
    /** Surefire runs in the module directory. */
    private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    private static final Path COMPLETION = DEPLOY.resolve("completion/tcp-echo-master.bash");
    private static final Path MAN = DEPLOY.resolve("man");
    private static final boolean UPDATE = Boolean.getBoolean("tcpecho.updateDocs");

    @Test
    void bashCompletionIsCurrent() throws Exception {
        check(COMPLETION, AutoComplete.bash("tcp-echo-master", Main.commandLine()));
    }

    @Test
    void manPagesAreCurrent() throws Exception {
        for (Map.Entry<String, String> page : manPages().entrySet()) {
            check(MAN.resolve(page.getKey() + ".adoc"), page.getValue());
        }
        if (UPDATE) {
            renderRoff();
        }
    }

    /** Bash itself completes subcommands and options with the committed script. */
    @Test
    void bashCompletesSubcommandsAndOptions() throws Exception {
        assertEquals(List.of("start", "status", "stop"), complete("tcp-echo-master", "st"));
        assertTrue(complete("tcp-echo-master", "start", "--met").contains("--metrics"));
        assertEquals(List.of("--log-file", "--log-format", "--log-level"), complete("tcp-echo-master", "start", "--log-"));
    }

    /**
     * zsh loads the same script through bashcompinit (the script does it): the completer is
     * registered, and for the first word it offers the subcommands (zsh itself then filters them by
     * what was typed). Skipped where zsh is not installed.
     */
    @Test
    void zshRegistersTheSameScriptThroughBashcompinit() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")),
                "zsh is not installed");
        String script = "autoload -U +X compinit && compinit -u; source " + COMPLETION + "; print -r -- \"$_comps[tcp-echo-master]\";"
                + " COMP_WORDS=(tcp-echo-master ''); COMP_CWORD=1; _complete_tcp-echo-master; print -rl -- $COMPREPLY";
        Process zsh = new ProcessBuilder("zsh", "-f", "-c", script).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        List<String> out = new String(zsh.getInputStream().readAllBytes()).lines().map(String::strip).toList();
        assertTrue(zsh.waitFor(30, TimeUnit.SECONDS));

        assertEquals("_bash_complete -F _complete_tcp-echo-master -o default", out.get(0));
        assertEquals(Main.commandLine().getSubcommands().keySet().stream().sorted().toList(),
                out.subList(1, out.size()).stream().sorted().toList());
    }

    private static List<String> complete(String... words) throws Exception {
        String script = "source " + COMPLETION + "; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE=\"" + String.join(" ", words) + "\"; COMP_POINT=${#COMP_LINE};"
                + " _complete_tcp-echo-master; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process bash = new ProcessBuilder("bash", "-c", script)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(bash.getInputStream().readAllBytes()).strip();
        assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
        return out.lines().map(String::strip).sorted().toList();
    }

    /** One AsciiDoc page per command: tcp-echo-master, tcp-echo-master-start, ... */
    static Map<String, String> manPages() {
        CommandLine root = Main.commandLine();
        // The pages carry the version without the commit, so they change only when the CLI does.
        CommandLine.IVersionProvider version = () -> new String[] {"tcp-echo-master " + BuildInfo.current().version()};
        root.getCommandSpec().versionProvider(version);
        root.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("tcp-echo-master", page(root.getCommandSpec()));
        for (CommandLine sub : root.getSubcommands().values()) {
            pages.put("tcp-echo-master-" + sub.getCommandName(), page(sub.getCommandSpec()));
        }
        return pages;
    }

    private static String page(CommandSpec spec) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            ManPageGenerator.writeSingleManPage(out, spec);
        }
        return text.toString();
    }

    private static void check(Path committed, String generated) throws IOException {
        if (UPDATE) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated);
            return;
        }
        assertTrue(Files.exists(committed), committed + " is missing: regenerate it (see CliDocsTest)");
        assertEquals(generated, Files.readString(committed), committed + " is stale: regenerate it (see CliDocsTest)");
    }

    private static void renderRoff() throws Exception {
        try (var pages = Files.list(MAN)) {
            for (Path adoc : pages.filter(p -> p.toString().endsWith(".adoc")).sorted().toList()) {
                Process asciidoctor = new ProcessBuilder("asciidoctor", "-b", "manpage", "-a", "reproducible",
                        "-D", MAN.resolve("man1").toString(), adoc.toString()).inheritIO().start();
                assertEquals(0, asciidoctor.waitFor(), "asciidoctor " + adoc);
            }
        }
    }
}
