package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.ObservationSink;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Columns named otherwise than date,segment,metric,value, and the files and streams as sources. */
class CsvSourceTest {
    private static final List<Observation> EXPECTED = List.of(Observation.of("2025-01-06", "web", "tokens", 1200),
            Observation.of("2025-01-06", "web", "cycle_time", 3.5), Observation.of("2025-01-07", "api", "tokens", 800));

    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }

    @Test
    void aLongFileWithItsOwnColumnNames() throws IOException {
        Path file = write("own.csv", "day,team,name,v\n2025-01-06,web,tokens,1200\n2025-01-06,web,cycle_time,3.5\n"
                + "2025-01-07,api,tokens,800\n");
        CsvMetrics csv = CsvMetrics.builder().dateColumn("day").segmentColumn("team").metricColumn("name")
                .valueColumn("v").build();
        assertThat(csv.read(file)).isEqualTo(EXPECTED);
        assertThat(csv.layout(file)).isEqualTo(CsvMetrics.Layout.LONG);
        assertThat(csv.source(file).readAll()).isEqualTo(EXPECTED);
    }

    /** With all four columns of a long file named, another column (a unit) is left out; with fewer, it is refused. */
    @Test
    void otherColumnsAreLeftOutOnlyWhenAllFourAreNamed() throws IOException {
        Path file = write("unit.csv", "date,segment,metric,value,unit\n2025-01-06,web,tokens,1200,tokens\n");
        CsvMetrics all = CsvMetrics.builder().dateColumn("date").segmentColumn("segment").metricColumn("metric")
                .valueColumn("value").build();
        assertThat(all.read(file)).containsExactly(Observation.of("2025-01-06", "web", "tokens", 1200));
        CsvMetrics three = CsvMetrics.builder().segmentColumn("segment").metricColumn("metric").valueColumn("value")
                .build();
        assertThatThrownBy(() -> three.read(file)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("column 5: unexpected column 'unit'");
        // a segment column under another name is not left out by naming the others: the segment must be named
        Path team = write("team2.csv", "date,team,metric,value\n2025-01-06,web,tokens,1200\n");
        assertThatThrownBy(() -> CsvMetrics.builder().dateColumn("date").metricColumn("metric").valueColumn("value")
                .build().read(team)).hasMessageContaining("unexpected column 'team'");
    }

    @Test
    void aHeaderThatSaysTeamNeedsTheSegmentColumnNamed() throws IOException {
        Path file = write("team.csv", "date,team,metric,value\n2025-01-06,web,tokens,1200\n");
        assertThatThrownBy(() -> CsvMetrics.defaults().read(file)).isInstanceOf(InvalidDataException.class)
                .hasMessage(file + ", line 1, column 2: unexpected column 'team' in a long CSV (expected "
                        + "date,segment,metric,value)" + CsvMetrics.COLUMNS_HINT + CsvMetrics.OTHER_COLUMNS_HINT);
        assertThat(CsvMetrics.builder().segmentColumn("team").build().read(file))
                .containsExactly(Observation.of("2025-01-06", "web", "tokens", 1200));
    }

    @Test
    void aWideFileWithItsOwnDateAndSegmentColumns() throws IOException {
        Path file = write("wide.csv", "Day,Team,tokens,cycle_time\n2025-01-06,web,1200,3.5\n2025-01-07,api,800,\n");
        CsvMetrics csv = CsvMetrics.builder().dateColumn("day").segmentColumn("team").build();
        assertThat(csv.layout(file)).isEqualTo(CsvMetrics.Layout.WIDE);
        assertThat(csv.read(file)).isEqualTo(EXPECTED);
        // without the names, the team column would be a metric of the wide file
        assertThatThrownBy(() -> CsvMetrics.defaults().read(file)).hasMessageContaining("expected a 'date' column");
        Path valueMetric = write("value.csv", "date,segment,value\n2025-01-06,web,7\n");
        assertThat(CsvMetrics.builder().layout(CsvMetrics.Layout.WIDE).build().read(valueMetric))
                .containsExactly(Observation.of("2025-01-06", "web", "value", 7));
    }

    @Test
    void namedColumnsMissingFromTheHeaderAreRefused() throws IOException {
        Path file = write("day.csv", "day,segment,metric,value\n2025-01-06,web,tokens,1\n");
        assertThatThrownBy(() -> CsvMetrics.builder().segmentColumn("team").dateColumn("day").build().read(file))
                .hasMessage(file + ", line 1: expected a 'team' column in the header, found day,segment,metric,value"
                        + CsvMetrics.COLUMNS_HINT);
        Path wide = write("wide.csv", "day,team,tokens\n2025-01-06,web,1\n");
        assertThatThrownBy(() -> CsvMetrics.builder().dateColumn("day").segmentColumn("team").metricColumn("name")
                .valueColumn("v").build().read(wide))
                .hasMessage(wide + ", line 1: a long CSV needs both 'name' and 'v' columns, found day,team,tokens");
        assertThatThrownBy(() -> CsvMetrics.builder().dateColumn("team").segmentColumn("team").build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'team' is named for two roles");
        assertThatThrownBy(() -> CsvMetrics.builder().dateColumn(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSourceFailsWithAReasonAndItsLocation() throws IOException {
        Path bad = write("bad.csv", "date,segment,metric,value\n2025-01-06,a,tokens,12\n2025-01-07,a,tokens,twelve\n");
        SourceException malformed = catchThrowableOfType(() -> CsvMetrics.defaults().source(bad).readAll(),
                SourceException.class);
        assertThat(malformed.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(malformed).hasMessage(bad + ", line 3, column 4: expected a decimal number (or NA for missing), "
                + "found 'twelve'");
        SourceException empty = catchThrowableOfType(() -> CsvMetrics.defaults()
                .source(write("header.csv", "date,segment,metric,value\n")).readAll(), SourceException.class);
        assertThat(empty.reason()).isEqualTo(SourceException.Reason.EMPTY);
        assertThat(empty).hasMessageEndingWith("header.csv: no observations (only a header?)");
        SourceException missing = catchThrowableOfType(() -> CsvMetrics.defaults().source(dir.resolve("none.csv"))
                .readAll(), SourceException.class);
        assertThat(missing.reason()).isEqualTo(SourceException.Reason.NOT_FOUND);
        assertThat(missing).hasMessage(dir.resolve("none.csv") + ": no such file");
    }

    @Test
    void theFramesRefusalNamesTheValuesCell() throws IOException {
        Path file = write("neg.csv", "date,segment,metric,value\n2025-01-06,a,tokens,-5\n");
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time").build();
        Frame.Builder frame = Frame.builder(model).source(file.toString());
        assertThatThrownBy(() -> CsvMetrics.defaults().source(file).read(ObservationSink.into(frame)))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(file + ", line 2, column 4: tokens is declared non-negative");
    }

    @Test
    void aStreamIsReadOnceWithLinesAndTimes() throws IOException {
        ObservationSource source = CsvMetrics.defaults().source(new ByteArrayInputStream(
                "date,segment,metric,value\n2025-01-06T09:00:00Z,a,tokens,1\n2025-01-06,a,tokens,2\n"
                        .getBytes(StandardCharsets.UTF_8)), "<stdin>");
        assertThat(source.name()).isEqualTo("<stdin>");
        List<String> seen = new ArrayList<>();
        assertThat(source.read((o, line, column, timed) -> seen.add(line + ":" + column + ":" + timed)))
                .isEqualTo(2);
        assertThat(seen).containsExactly("2:4:true", "3:4:false");
        assertThatThrownBy(source::readAll).isInstanceOf(IllegalStateException.class)
                .hasMessage("<stdin>: a stream can be read once");
    }

    @Test
    void eventsAsASource() throws IOException {
        Path file = write("events.csv", "timestamp,actor,tokens\n2025-03-03T09:00:00Z,ana,12\n");
        List<ActivityEvent> events = new ArrayList<>();
        EventAccount account = CsvEvents.defaults().source(file).read(new EventSink() {
            @Override
            public void event(ActivityEvent event) {
                events.add(event);
            }
        });
        assertThat(events).extracting(ActivityEvent::actor).containsExactly("ana");
        assertThat(account.read()).isEqualTo(1);
        assertThat(account.position()).isEqualTo("line");
        SourceException empty = catchThrowableOfType(() -> CsvEvents.defaults()
                .source(write("none.csv", "timestamp,actor,tokens\n")).read(new EventSink() {
                }), SourceException.class);
        assertThat(empty.reason()).isEqualTo(SourceException.Reason.EMPTY);
    }
}
