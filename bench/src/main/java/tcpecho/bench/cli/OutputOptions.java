package tcpecho.bench.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** How results and progress are shown. */
final class OutputOptions {
    @Option(names = "--json", description = "Print one JSON object on stdout instead of a table.")
    boolean json;

    @Option(names = "--progress", description = "Print a progress line each second to stderr even when it is not a terminal.")
    boolean progress;

    /** Starts a progress printer if wanted (stderr is a terminal, or --progress). */
    Progress startProgress(Supplier<String> line, PrintWriter err) {
        boolean wanted = progress || System.console() != null;
        return wanted ? Progress.start(line, err) : Progress.none();
    }

    void print(Report report, PrintWriter out) {
        out.println(json ? report.toJson() : report.toTable());
        out.flush();
    }

    /** Prints the report; returns the mode's exit code: 0 when it is ok, 1 when anything failed. */
    int finish(Report report, PrintWriter out) {
        print(report, out);
        return report.ok() ? 0 : 1;
    }
}
