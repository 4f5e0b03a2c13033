package dev.goodhart.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goodhart.activity.ActivityReport;
import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.scoring.Scorer;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spilled frame and the streamed report give exactly what the in-memory path gives: the same frame, the same input
 * account, the same errors, and the same JSON byte for byte; and they leave no file behind.
 */
class StreamedReportTest {
    static final LocalDate START = LocalDate.of(2025, 1, 6);
    static final int DAYS = 120;
    static final int SEGMENTS = 240;

    @TempDir
    Path tmp;

    /** Two proxies against two outcomes (one a mean), half the segments under an intervention, quotas, gaming. */
    static IntegrityModel model() {
        Set<String> treated = new TreeSet<>();
        for (int s = 0; s < SEGMENTS / 2; s++) {
            treated.add(name(s));
        }
        return IntegrityModel.builder()
                .metric(Metric.proxy("tokens", "tokens").withNonNegative(true))
                .metric(Metric.proxy("prompts", "prompts").withAggregation(Aggregation.LAST))
                .metric(Metric.outcome("cycle_time", Direction.LOWER, "hours"))
                .metric(Metric.outcome("quality", Direction.HIGHER, "score").withAggregation(Aggregation.MEAN))
                .link(Link.of("tokens", "cycle_time"))
                .link(Link.of("tokens", "quality"))
                .link(Link.of("prompts", "cycle_time"))
                .intervention(new Intervention(START.plusDays(70), "quota", treated))
                .quota("tokens", 1000)
                .build();
    }

    static String name(int s) {
        return String.format("team-%03d", s);
    }

    /** The rows, shuffled: duplicates, missing values, an undeclared metric, organisation rows for one metric. */
    static List<Observation> rows(long seed) {
        Random r = new Random(seed);
        List<Observation> out = new ArrayList<>();
        for (int s = 0; s < SEGMENTS; s++) {
            boolean gamed = s % 7 == 0 && s < SEGMENTS / 2;
            double level = 500 + r.nextInt(1000);
            for (int d = 0; d < DAYS; d++) {
                LocalDate date = START.plusDays(d);
                double tokens = level * (1 + 0.002 * d) * (gamed && d >= 70 ? 2.2 : 1) + 80 * r.nextGaussian();
                double cycle = 30 - (gamed ? 0 : 0.02 * d) + 2 * r.nextGaussian();
                out.add(new Observation(date, name(s), "tokens", Math.max(0, tokens)));
                out.add(new Observation(date, name(s), "prompts", Math.round(tokens / 40)));
                if (r.nextDouble() < 0.03) {
                    out.add(new Observation(date, name(s), "cycle_time", Double.NaN));
                } else if (r.nextDouble() > 0.02) {
                    out.add(new Observation(date, name(s), "cycle_time", cycle));
                }
                out.add(new Observation(date, name(s), "quality", 70 + 5 * r.nextGaussian()));
                if (r.nextDouble() < 0.01) {
                    out.add(new Observation(date, name(s), "tokens", Math.max(0, tokens)));
                    out.add(new Observation(date, name(s), "prompts", 3));
                    out.add(new Observation(date, name(s), "quality", 60));
                }
                if (r.nextDouble() < 0.02) {
                    out.add(new Observation(date, name(s), "lines_of_code", 100));
                }
            }
        }
        for (int d = 0; d < DAYS; d += 2) {
            out.add(new Observation(START.plusDays(d), "", "cycle_time", 29 + r.nextGaussian()));
        }
        Collections.shuffle(out, r);
        return out;
    }

    static Frame frame(IntegrityModel model, List<Observation> rows, Path spill, Frame.Duplicates duplicates) {
        Frame.Builder b = Frame.builder(model).source("rows.csv").duplicates(duplicates);
        if (spill != null) {
            b.spillTo(spill);
        }
        for (int i = 0; i < rows.size(); i++) {
            b.add(rows.get(i), i + 2);
        }
        return b.build();
    }

    @Test
    void theStreamedJsonIsTheInMemoryJsonByteForByte() throws IOException {
        IntegrityModel model = model();
        List<Observation> rows = rows(7);
        Frame memory = frame(model, rows, null, Frame.Duplicates.AGGREGATE);
        IntegrityReport report = Scorer.builder().chartLimit(5).build().score(model, memory);
        assertTrue(report.pairs().stream().anyMatch(p -> p.verdict().flagged()), "some pair is flagged");
        assertTrue(memory.inputAccount().count(InputAccount.Reason.DUPLICATE) > 0);
        assertTrue(memory.inputAccount().count(InputAccount.Reason.UNDECLARED_METRIC) > 0);
        assertTrue(memory.inputAccount().count(InputAccount.Reason.MISSING_VALUE) > 0);
        String expected = JsonReport.toJson(report);

        Path spill = tmp.resolve("spill");
        StringWriter streamed = new StringWriter();
        try (Frame spilled = frame(model, rows, spill, Frame.Duplicates.AGGREGATE)) {
            assertTrue(spilled.spilled());
            assertEquals(memory, spilled);
            assertEquals(memory.inputAccount(), spilled.inputAccount());
            Scorer.builder().chartLimit(5).spillTo(spill).build().score(model, spilled,
                    JsonReport.sink(streamed, ActivityReport.EMPTY));
        }
        assertEquals(expected, streamed.toString());
        assertEquals(List.of(), leftIn(spill), "temporary files are deleted");
    }

    /**
     * Review regression guard: more segments than one examination batch (4,096), weekly data, a parallel scorer and
     * segments declared out of name order give the same JSON as in memory.
     */
    @Test
    void moreThanOneBatchInParallelGivesTheSameJson() throws IOException {
        int segments = 4_300;
        List<String> declared = new ArrayList<>();
        Set<String> treated = new TreeSet<>();
        for (int s = segments - 1; s >= 0; s--) {
            declared.add("w-" + s);
            if (s % 2 == 0) {
                treated.add("w-" + s);
            }
        }
        IntegrityModel model = IntegrityModel.builder()
                .metric(Metric.proxy("tokens", "tokens"))
                .metric(Metric.outcome("cycle_time", Direction.LOWER, "hours"))
                .link(Link.of("tokens", "cycle_time"))
                .granularity(dev.goodhart.model.Granularity.WEEK)
                .intervention(new Intervention(START.plusWeeks(16), "quota", treated))
                .segments(declared.toArray(new String[0]))
                .build();
        Random r = new Random(11);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            boolean gamed = s % 50 == 0;
            for (int w = 0; w < 30; w++) {
                LocalDate date = START.plusWeeks(w);
                rows.add(new Observation(date, "w-" + s, "tokens", 1000 * (gamed && w >= 16 ? 2 : 1)
                        * (1 + 0.1 * r.nextGaussian())));
                rows.add(new Observation(date, "w-" + s, "cycle_time", 30 * (1 + 0.1 * r.nextGaussian())));
            }
        }
        Collections.shuffle(rows, r);
        Frame memory = frame(model, rows, null, Frame.Duplicates.REJECT);
        String expected = JsonReport.toJson(Scorer.builder().parallel().build().score(model, memory));
        Path spill = tmp.resolve("batches");
        StringWriter streamed = new StringWriter();
        try (Frame spilled = frame(model, rows, spill, Frame.Duplicates.REJECT)) {
            Scorer.builder().parallel().spillTo(spill).build().score(model, spilled,
                    JsonReport.sink(streamed, ActivityReport.EMPTY));
        }
        assertEquals(expected, streamed.toString());
        assertEquals(List.of(), leftIn(spill), "temporary files are deleted");
    }

    @Test
    void theSameErrorsNamingTheSameLines() {
        IntegrityModel model = model();
        List<Observation> rows = new ArrayList<>(rows(11));
        // a duplicate refused, and later in the file a negative count: the duplicate comes first either way
        rows.add(300, rows.get(100));
        rows.add(900, new Observation(START, name(3), "tokens", -1));
        Path spill = tmp.resolve("errors");
        InvalidDataException memory = assertThrows(InvalidDataException.class,
                () -> frame(model, rows, null, Frame.Duplicates.REJECT));
        InvalidDataException spilled = assertThrows(InvalidDataException.class,
                () -> frame(model, rows, spill, Frame.Duplicates.REJECT));
        assertEquals(memory.getMessage(), spilled.getMessage());
        assertEquals(List.of(), leftIn(spill), "temporary files are deleted on failure");
        // without the duplicate refused, the negative count
        memory = assertThrows(InvalidDataException.class, () -> frame(model, rows, null, Frame.Duplicates.AGGREGATE));
        spilled = assertThrows(InvalidDataException.class, () -> frame(model, rows, spill, Frame.Duplicates.AGGREGATE));
        assertEquals(memory.getMessage(), spilled.getMessage());
        assertFalse(memory.getMessage().contains("second row"));
        assertEquals(List.of(), leftIn(spill));
    }

    static List<Path> leftIn(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> !p.equals(dir)).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
