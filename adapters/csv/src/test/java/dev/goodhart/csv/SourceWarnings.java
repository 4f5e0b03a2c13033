package dev.goodhart.csv;

import dev.goodhart.model.Observation;
import dev.goodhart.source.ObservationSink;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.util.ArrayList;
import java.util.List;

/** The warnings a source gives while it reads (its observations dropped). */
final class SourceWarnings {
    private SourceWarnings() {
    }

    static List<String> of(ObservationSource source) throws SourceException {
        List<String> warnings = new ArrayList<>();
        source.read(new ObservationSink() {
            @Override
            public void accept(Observation observation, long line, int column, boolean timed) {
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        return warnings;
    }
}
