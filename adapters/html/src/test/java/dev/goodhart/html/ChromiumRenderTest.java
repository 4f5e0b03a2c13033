package dev.goodhart.html;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.html.HtmlEscapers;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens the HTML reports in headless Chromium (Debian's package; {@code .ci/chromium.sh} installs it) at a desktop
 * width (1280 px) and a phone's (390 px): the page's script runs without console errors, nothing overflows sideways
 * (the page is no wider than the window, no element sticks out of the page or out of its chart on either side, and the summary table
 * needs no scrolling on a phone), and the screenshots are not blank. The screenshots are kept as
 * {@code target/<name>-1280.png} and {@code target/<name>-390.png} for a person to look at.
 *
 * <p>Headless Chromium lays a page out at least 500 px wide whatever {@code --window-size} says, so each page is
 * measured and photographed inside an iframe of the exact width (a frame's media queries and {@code innerWidth} are
 * its own): a small wrapper page holds the report in {@code srcdoc} and writes what it measured into its own DOM,
 * which {@code --dump-dom} prints.
 *
 * <p>Skipped with a message when Chromium is missing outside CI; with {@code CI} set, a missing browser fails the test.
 */
class ChromiumRenderTest {
    private static final int DESKTOP = 1280;
    private static final int PHONE = 390;

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
                "--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000"));
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
    void theIntegrityReportRendersAtDesktopAndPhoneWidthWithoutErrorsOrOverflow() throws Exception {
        Path browser = browserOrSkip();
        HtmlReportTest.Fixture f = HtmlReportTest.fixture();
        String html = HtmlReport.render(f.report());
        for (int width : new int[] {DESKTOP, PHONE}) {
            check(browser, html, "Goodhart integrity report", "report", width);
        }
    }

    @Test
    void aUsageLogAloneRendersAtDesktopAndPhoneWidthWithoutErrorsOrOverflow() throws Exception {
        Path browser = browserOrSkip();
        for (int width : new int[] {DESKTOP, PHONE}) {
            check(browser, HtmlReport.render(HtmlActivityReportTest.eventReport()), "Goodhart activity report",
                    "activity", width);
            check(browser, HtmlReport.render(HtmlActivityReportTest.dayReport()), "Goodhart activity report",
                    "activity-days", width);
        }
    }

    /** The wrapper page: the report in an iframe {@code width} px wide, measured once it has loaded. */
    private static String wrapper(String html, int width) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><style>body{margin:0;background:#fff}"
                + "iframe{border:0;display:block}</style></head><body>\n<iframe id=\"page\" width=\"" + width
                + "\" height=\"900\" srcdoc=\"" + HtmlEscapers.htmlEscaper().escape(html) + "\"></iframe>\n<script>\n"
                + String.join("\n",
                "var frame = document.getElementById('page');",
                "function measure() {",
                "  var w = frame.contentWindow, d = frame.contentDocument, iw = w.innerWidth;",
                "  var wide = [];",
                "  d.body.querySelectorAll('*').forEach(function (el) {",
                "    var r = el.getBoundingClientRect();",
                "    if (r.width === 0 && r.height === 0) { return; }",
                "    var svg = el.ownerSVGElement;",
                "    var box = svg ? svg.getBoundingClientRect() : {left: 0, right: iw};",
                "    var out = Math.max(r.right - box.right, box.left - r.left);",
                "    if (out > 0.5 && !el.closest('.table-wrap')) {",
                "      wide.push(el.tagName.toLowerCase() + '.' + (el.getAttribute('class') || '') + ' '",
                "          + (el.textContent || '').trim().slice(0, 30) + ' +' + Math.round(out));",
                "    }",
                "  });",
                "  var tables = [];",
                "  d.querySelectorAll('.table-wrap').forEach(function (t) {",
                "    if (t.scrollWidth > t.clientWidth + 1) { tables.push(t.querySelector('table').id || 'table'); }",
                "  });",
                "  frame.style.height = d.documentElement.scrollHeight + 'px';",
                "  var sep = '\\u241E';",
                "  document.documentElement.setAttribute('data-layout', 'width=' + iw + sep + 'scroll-width='",
                "      + d.documentElement.scrollWidth + sep + 'height=' + d.documentElement.scrollHeight + sep + 'ready='",
                "      + d.documentElement.getAttribute('data-goodhart-ready') + sep + 'wide=' + wide.slice(0, 8).join(' | ')",
                "      + sep + 'scrolling-tables=' + tables.join(','));",
                "}",
                "if (frame.contentDocument && frame.contentDocument.readyState === 'complete'",
                "    && frame.contentDocument.body && frame.contentDocument.body.childElementCount > 0) { measure(); }",
                "else { frame.addEventListener('load', measure); }")
                + "\n</script>\n</body></html>\n";
    }

    private void check(Path browser, String html, String heading, String name, int width)
            throws Exception {
        Path page = dir.resolve(name + "-" + width + ".html");
        Files.writeString(page, wrapper(html, width));
        String url = page.toUri().toString();

        Path domLog = dir.resolve("dom.log");
        String dom = run(command(browser, "--window-size=" + Math.max(width, 500) + ",900", "--dump-dom", url), domLog);
        Matcher m = Pattern.compile("data-layout=\"([^\"]*)\"").matcher(dom);
        assertThat(m.find()).as("the wrapper measured the page at " + width + " px").isTrue();
        Map<String, String> layout = new LinkedHashMap<>();
        String text = m.group(1).replace("&quot;", "\"").replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&");
        for (String part : text.split("\u241E")) {
            int eq = part.indexOf('=');
            layout.put(part.substring(0, eq), part.substring(eq + 1));
        }
        assertThat(layout.get("ready")).as("the page's script ran to the end").isEqualTo("yes");
        assertThat(Integer.parseInt(layout.get("width"))).as("the page is laid out at " + width + " px").isEqualTo(width);
        assertThat(layout.get("wide")).as("elements sticking out of the page or their chart at " + width + " px").isEmpty();
        assertThat(Integer.parseInt(layout.get("scroll-width"))).as("nothing widens the page at " + width + " px")
                .isLessThanOrEqualTo(width);
        assertThat(layout.get("scrolling-tables")).as("tables that need sideways scrolling at " + width + " px").isEmpty();
        assertThat(html).contains(heading).doesNotContain("<img");

        int height = Math.min(16_000, Integer.parseInt(layout.get("height")) + 20);
        Path full = dir.resolve(name + "-" + width + "-window.png");
        Path shotLog = dir.resolve("shot.log");
        run(command(browser, "--screenshot=" + full, "--window-size=" + Math.max(width, 500) + "," + height, url),
                shotLog);

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

        assertThat(full).exists();
        BufferedImage window = ImageIO.read(new File(full.toString()));
        BufferedImage image = window.getSubimage(0, 0, Math.min(width, window.getWidth()), window.getHeight());
        Path png = Path.of("target", name + "-" + width + ".png").toAbsolutePath();
        Files.createDirectories(png.getParent());
        ImageIO.write(image, "png", png.toFile());
        assertThat(image.getWidth()).isEqualTo(width);
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
