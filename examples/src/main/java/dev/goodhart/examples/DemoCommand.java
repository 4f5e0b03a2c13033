package dev.goodhart.examples;

import dev.goodhart.model.Frame;
import dev.goodhart.Goodhart;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.html.HtmlReport;
import dev.goodhart.json.JsonReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code goodhart demo}: the built-in story scored, printed or written as text, JSON and HTML. */
@Command(name = "demo", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Score the built-in story (ten teams, a token quota, four teams gaming it, two weeks of their "
                + "usage log) and print the report.", ""})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", paramLabel = "DIR", description = "Write report.txt, report.json and report.html into "
            + "this directory (created if missing) instead of printing the text; - prints it.")
    String out;

    @Option(names = {"-q", "--quiet"}, description = "No 'wrote FILE' lines.")
    boolean quiet;

    @Option(names = "--debug", description = "Print the stack trace of an unexpected error.")
    boolean debug;

    private final Io io;

    DemoCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        IntegrityModel model = DemoOrganisation.model();
        Frame frame = Frame.of(model, DemoOrganisation.observations());
        IntegrityReport report = Goodhart.score(model, frame)
                .withActivity(ActivityScorer.defaults().score(DemoUsageLog.log()));
        if (out == null || out.equals(Sources.STDIN)) {
            io.out().print(report.toText());
            io.out().flush();
            return 0;
        }
        Path dir = Path.of(out);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new java.nio.file.FileSystemException(out, null, "a file; demo --out takes a directory to write "
                    + "report.txt, report.json and report.html into");
        }
        Files.createDirectories(dir);
        Map<String, String> files = new LinkedHashMap<>();
        files.put("report.txt", report.toText());
        files.put("report.json", JsonReport.toJson(report));
        files.put("report.html", HtmlReport.render(report));
        for (Map.Entry<String, String> e : files.entrySet()) {
            Path file = dir.resolve(e.getKey());
            OutputOptions.writeAtomically(file, e.getValue());
            if (!quiet) {
                io.out().println("wrote " + file);
            }
        }
        return 0;
    }
}
