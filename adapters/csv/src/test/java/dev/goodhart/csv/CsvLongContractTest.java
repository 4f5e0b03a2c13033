package dev.goodhart.csv;

import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The adapter contract through a long CSV file written by {@link CsvMetrics#writeLong}. */
class CsvLongContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) throws Exception {
        Path file = dir.resolve("fixture-long.csv");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            CsvMetrics.defaults().writeLong(fixture, w);
        }
        return CsvMetrics.defaults().read(file);
    }
}
