package tcpecho.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** --version names the build's commit; the committed man pages render with man and match --help. */
class CliDocsIT {
    private static final List<String> SUBCOMMANDS = List.of("start", "stop", "reload", "reopen", "status", "check", "scale");
    private static final Pattern LONG_OPTION = Pattern.compile("(--[a-z][a-z-]+)");

    @Test
    void versionShowsTheVersionAndTheCommitOfThisCheckout() {
        Cli.Result version = Cli.master("--version");

        assertEquals(0, version.code(), version.toString());
        String first = version.stdout().lines().findFirst().orElse("");
        Matcher m = Pattern.compile("tcp-echo-master (\\S+) \\(commit (\\S+), (\\S+)\\)").matcher(first);
        assertTrue(m.matches(), first);
        assertTrue(m.group(1).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), first);
        String head = git("rev-parse", "--short=7", "HEAD");
        // A checkout (CI builds a clean clone) knows its commit; a tree without .git says "unknown".
        assertTrue(head == null ? m.group(2).equals("unknown") : m.group(2).startsWith(head), first + " vs HEAD " + head);
        assertTrue(version.stdout().contains("JVM: "), version.toString());
    }

    @Test
    void everyManPageRendersAndListsEveryOptionOfItsCommand() {
        Path man1 = MasterProcess.HOME.resolve("deploy/man/man1");
        Cli.Result root = Cli.run(List.of("man", "-l", man1.resolve("tcp-echo-master.1").toString()));
        assertEquals(0, root.code(), root.toString());
        for (String sub : SUBCOMMANDS) {
            assertTrue(root.stdout().contains(sub), "tcp-echo-master(1) lists " + sub);
        }
        for (String sub : SUBCOMMANDS) {
            Path page = man1.resolve("tcp-echo-master-" + sub + ".1");
            assertTrue(Files.exists(page), page.toString());
            Cli.Result rendered = Cli.run(List.of("env", "MANWIDTH=200", "man", "-l", page.toString()));
            assertEquals(0, rendered.code(), rendered.toString());
            Cli.Result help = Cli.master(sub, "--help");
            Matcher options = LONG_OPTION.matcher(help.stdout());
            while (options.find()) {
                assertTrue(rendered.stdout().contains(options.group(1)), page + " shows " + options.group(1)
                        + " that `" + sub + " --help` lists: regenerate deploy/man (see CliDocsTest)");
            }
        }
    }

    private static String git(String... args) {
        if (!Files.exists(MasterProcess.HOME.resolve(".git"))) {
            return null;
        }
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", MasterProcess.HOME.toString()));
        command.addAll(List.of(args));
        Cli.Result result = Cli.run(command);
        return result.code() == 0 ? result.stdout().strip() : null;
    }
}
