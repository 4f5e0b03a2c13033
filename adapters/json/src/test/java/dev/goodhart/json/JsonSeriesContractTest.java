package dev.goodhart.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The adapter contract through a JSON series document written with Jackson. */
class JsonSeriesContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) throws Exception {
        Map<String, Map<String, java.util.List<Observation>>> bySeries = new LinkedHashMap<>();
        for (Observation o : fixture) {
            bySeries.computeIfAbsent(o.segment(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(o.metric(), k -> new java.util.ArrayList<>()).add(o);
        }
        Path file = dir.resolve("fixture.json");
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
             JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeArrayFieldStart("series");
            for (Map.Entry<String, Map<String, java.util.List<Observation>>> s : bySeries.entrySet()) {
                for (Map.Entry<String, java.util.List<Observation>> m : s.getValue().entrySet()) {
                    g.writeStartObject();
                    g.writeStringField("segment", s.getKey());
                    g.writeStringField("metric", m.getKey());
                    g.writeArrayFieldStart("points");
                    for (Observation o : m.getValue()) {
                        g.writeStartArray();
                        g.writeString(o.date().toString());
                        if (Double.isNaN(o.value())) {
                            g.writeNull();
                        } else {
                            g.writeNumber(o.value());
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                    g.writeEndObject();
                }
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        java.util.List<Observation> direct;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            direct = JsonInput.readSeries(r, file.toString());
        }
        // the same through the source interface
        java.util.List<Observation> viaSource = JsonInput.seriesSource(file).readAll();
        if (!viaSource.equals(direct)) {
            throw new AssertionError("seriesSource differs from readSeries");
        }
        return viaSource;
    }
}
