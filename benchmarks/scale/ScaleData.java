import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes a long CSV (date,segment,metric,value) of SEGMENTS segments x DAYS days, two metrics (tokens, cycle_time),
 * for benchmarks/scale-1m.sh: one in 50 segments games its tokens from day 70 (the intervention), the others have
 * tokens that help a little. Run with {@code java ScaleData.java SEGMENTS DAYS FILE}; about 35 bytes a row.
 */
public final class ScaleData {
    public static void main(String[] args) throws IOException {
        int segments = Integer.parseInt(args[0]);
        int days = Integer.parseInt(args[1]);
        Path file = Path.of(args[2]);
        LocalDate start = LocalDate.of(2025, 1, 6);
        byte[][] dates = new byte[days][];
        for (int d = 0; d < days; d++) {
            dates[d] = (start.plusDays(d) + ",").getBytes(StandardCharsets.US_ASCII);
        }
        SplittableRandom random = new SplittableRandom(42);
        StringBuilder line = new StringBuilder(64);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            out.write("date,segment,metric,value\n".getBytes(StandardCharsets.US_ASCII));
            for (int s = 0; s < segments; s++) {
                String name = "team-" + s;
                boolean gamed = s % 50 == 0;
                double level = 500 + random.nextInt(1500);
                double base = 20 + random.nextInt(20);
                for (int d = 0; d < days; d++) {
                    double tokens = level * (1 + 0.002 * d) * (gamed && d >= 70 ? 2.0 : 1)
                            * (1 + 0.1 * gaussian(random));
                    double cycle = base * (1 - (gamed ? 0 : 0.0005 * d)) * (1 + 0.05 * gaussian(random));
                    out.write(dates[d]);
                    line.setLength(0);
                    line.append(name).append(",tokens,").append(Math.max(0, Math.round(tokens))).append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                    out.write(dates[d]);
                    line.setLength(0);
                    line.append(name).append(",cycle_time,").append(Math.round(cycle * 10) / 10.0).append('\n');
                    out.write(line.toString().getBytes(StandardCharsets.US_ASCII));
                }
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }
}
