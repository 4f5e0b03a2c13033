package dev.goodhart.examples;

import dev.goodhart.scoring.Scorer;
import java.util.Locale;

/**
 * Progress of the scoring on standard error, on one line rewritten in place: segments scored of the total, the rate
 * and the time left. Shown only when standard error is a terminal, the work has run longer than
 * {@link Io#progressAfterMillis()} and {@code --quiet} was not given; cleared when the scoring ends.
 */
final class Progress implements Scorer.Progress {
    private static final long REDRAW_NANOS = 200_000_000L;

    private final Io io;
    private final boolean enabled;
    private final long links;
    private final long commandStart;
    private final long start = System.nanoTime();
    private long lastDrawn = System.nanoTime() - REDRAW_NANOS;
    private int width;

    /**
     * @param commandStart when the command started ({@link System#nanoTime()}): progress shows once the whole work,
     *                     reading included, has run longer than {@link Io#progressAfterMillis()}
     * @param links        the links of the model: the scorer counts pairs (a link in a segment), shown as segments
     *                     when there is one link
     */
    Progress(Io io, boolean quiet, long commandStart, int links) {
        this.io = io;
        this.commandStart = commandStart;
        this.enabled = io.errIsTerminal() && !quiet;
        this.links = Math.max(1, links);
    }

    @Override
    public synchronized void examined(long done, long total) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        long elapsed = now - start;
        if (now - commandStart < io.progressAfterMillis() * 1_000_000L
                || (now - lastDrawn < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDrawn = now;
        String unit = links == 1 ? "segments" : "pairs (segment and link)";
        double rate = done / (elapsed / 1e9);
        String line = String.format(Locale.ROOT, "goodhart: scored %,d of %,d %s, %,.0f a second, %s", done, total,
                unit, rate, left(rate > 0 ? (total - done) / rate : 0));
        io.err().print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        io.err().flush();
        width = line.length();
    }

    private static String left(double seconds) {
        long s = Math.round(seconds);
        if (s < 1) {
            return "finishing";
        }
        return "about " + (s < 60 ? s + " s" : s / 60 + " min " + s % 60 + " s") + " left";
    }

    /** Clears the progress line, if one was drawn. */
    synchronized void finish() {
        if (width > 0) {
            io.err().print("\r" + " ".repeat(width) + "\r");
            io.err().flush();
            width = 0;
        }
    }
}
