package dev.goodhart.csv;

import de.siegmar.fastcsv.writer.CsvWriter;
import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The adapter contract through a wide CSV file ({@code date,segment,tokens,cycle_time,merged_prs}), with a
 * semicolon delimiter, a byte-order mark and empty cells for values never observed; read through its
 * {@link dev.goodhart.source.ObservationSource}.
 */
class CsvWideContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) throws Exception {
        List<String> metrics = List.of("tokens", "cycle_time", "merged_prs");
        Map<String, Map<String, Double>> rows = new LinkedHashMap<>();
        for (Observation o : fixture) {
            rows.computeIfAbsent(o.date() + "\u0000" + o.segment(), k -> new LinkedHashMap<>()).put(o.metric(), o.value());
        }
        Path file = dir.resolve("fixture-wide.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('\uFEFF');
            CsvWriter printer = CsvWriter.builder().fieldSeparator(';').build(w);
            printer.writeRecord("Date", "Segment", "tokens", "cycle_time", "merged_prs");
            for (Map.Entry<String, Map<String, Double>> row : rows.entrySet()) {
                String[] key = row.getKey().split("\u0000");
                List<String> cells = new ArrayList<>(List.of(LocalDate.parse(key[0]).toString(), key[1]));
                for (String m : metrics) {
                    Double v = row.getValue().get(m);
                    cells.add(v == null ? "" : v.isNaN() ? "NA" : v.toString());
                }
                printer.writeRecord(cells);
            }
            printer.flush();
        }
        CsvMetrics reader = CsvMetrics.builder().delimiter(';').build();
        assert reader.layout(file) == CsvMetrics.Layout.WIDE;
        return reader.source(file).readAll();
    }
}
