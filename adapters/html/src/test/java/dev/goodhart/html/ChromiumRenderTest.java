package dev.goodhart.html;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML report in headless Chromium (Debian's package; {@code .ci/chromium.sh} installs it): the scripts run
 * without console errors, and a screenshot is not blank. The screenshot is kept as
 * {@code target/report-screenshot.png}. Skipped with a message when Chromium is missing outside CI; with {@code CI}
 * set, a missing browser fails the test.
 */
class ChromiumRenderTest {
    @TempDir
    Path dir;

    private static Path chromium() {
        for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        return null;
    }

    private List<String> command(Path browser, String... extra) {
        List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--user-data-dir=" + dir.resolve("profile"),
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=3000"));
        cmd.addAll(List.of(extra));
        return cmd;
    }

    private static String run(List<String> cmd, Path log) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(log.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Path browserOrSkip() {
        Path browser = chromium();
        if (browser == null) {
            String ci = System.getenv("CI");
            assertThat(ci == null || ci.isEmpty()).as("CI is set but Chromium is not installed (run .ci/chromium.sh)").isTrue();
            Assumptions.abort("Chromium not installed; run .ci/chromium.sh to include the browser test");
        }
        return browser;
    }

    @Test
    void rendersInHeadlessChromiumWithoutErrors() throws Exception {
        Path browser = browserOrSkip();
        HtmlReportTest.Fixture f = HtmlReportTest.fixture();
        check(browser, HtmlReport.render(f.report(), f.frame()), "Goodhart integrity report", "report-screenshot.png");
    }

    @Test
    void rendersAUsageLogAloneInHeadlessChromiumWithoutErrors() throws Exception {
        Path browser = browserOrSkip();
        check(browser, HtmlReport.render(HtmlActivityReportTest.eventReport()), "Goodhart activity report",
                "activity-screenshot.png");
        check(browser, HtmlReport.render(HtmlActivityReportTest.dayReport()), "Goodhart activity report",
                "activity-days-screenshot.png");
    }

    private void check(Path browser, String html, String heading, String screenshot) throws Exception {
        Path page = dir.resolve("report.html");
        Files.writeString(page, html);
        String url = page.toUri().toString();

        Path domLog = dir.resolve("dom.log");
        String dom = run(command(browser, "--dump-dom", url), domLog);
        assertThat(dom).as("the page's script ran to the end").contains("data-goodhart-ready=\"yes\"");
        assertThat(dom).contains(heading).doesNotContain("<img");

        Path png = Path.of("target", screenshot).toAbsolutePath();
        Files.createDirectories(png.getParent());
        Files.deleteIfExists(png);
        Path shotLog = dir.resolve("shot.log");
        run(command(browser, "--screenshot=" + png, "--window-size=1280,2400", url), shotLog);

        List<String> errors = new ArrayList<>();
        for (Path log : List.of(domLog, shotLog)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains(":CONSOLE") && (line.contains("Uncaught") || line.contains("Error"))
                        || line.contains("Uncaught ")) {
                    errors.add(line);
                }
            }
        }
        assertThat(errors).as("console errors").isEmpty();

        assertThat(png).exists();
        BufferedImage image = ImageIO.read(new File(png.toString()));
        assertThat(image.getWidth()).isGreaterThan(600);
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xFFFFFF;
                colours.add(rgb);
                if (rgb != 0xFFFFFF) {
                    nonWhite++;
                }
            }
        }
        long sampled = (long) ((image.getHeight() + 1) / 2) * ((image.getWidth() + 1) / 2);
        assertThat(colours.size()).as("distinct colours in the screenshot").isGreaterThan(50);
        assertThat((double) nonWhite / sampled).as("share of non-white pixels").isGreaterThan(0.03);
    }
}
