package dev.goodhart.tck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Frame;
import dev.goodhart.Goodhart;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.report.Verdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract every adapter meets, as Micrometer's registry modules extend its compatibility kit: an adapter test
 * extends this class, writes the {@link FixtureOrganisation} into its own source (a file, a database, a server) and
 * reads it back; the kit checks that nothing was lost, added or changed on the way: the same observations, the same
 * {@link Frame} and the same {@link IntegrityReport} as the in-memory fixture.
 */
public abstract class AdapterContractTest {
    @TempDir
    protected Path workDir;

    private List<Observation> loaded;

    /**
     * Stores {@code fixture} in the adapter's source and reads it back through the adapter.
     *
     * @param fixture the fixture observations; NaN values must come back as NaN (explicitly missing)
     * @param workDir an empty directory the test may use
     */
    protected abstract List<Observation> writeAndRead(List<Observation> fixture, Path workDir) throws Exception;

    private List<Observation> loaded() throws Exception {
        if (loaded == null) {
            loaded = writeAndRead(FixtureOrganisation.observations(), workDir);
        }
        return loaded;
    }

    @Test
    void readsEveryObservationBackUnchanged() throws Exception {
        List<Observation> expected = new ArrayList<>(FixtureOrganisation.observations());
        List<Observation> actual = new ArrayList<>(loaded());
        expected.sort(FixtureOrganisation.ORDER);
        actual.sort(FixtureOrganisation.ORDER);
        assertThat(actual).hasSameSizeAs(expected);
        assertThat(actual).containsExactlyElementsOf(expected);
    }

    @Test
    void buildsTheSameFrame() throws Exception {
        IntegrityModel model = FixtureOrganisation.model();
        Frame expected = Frame.of(model, FixtureOrganisation.observations());
        Frame actual = Frame.of(model, loaded());
        assertThat(actual).isEqualTo(expected);
        assertThat(actual.segments()).containsExactlyInAnyOrderElementsOf(FixtureOrganisation.SEGMENTS);
    }

    @Test
    void scoresTheSameReport() throws Exception {
        IntegrityModel model = FixtureOrganisation.model();
        IntegrityReport expected = Goodhart.score(model, FixtureOrganisation.observations());
        IntegrityReport actual = Goodhart.score(model, loaded());
        // the same rows, accounted for the same way; their positions follow the source's own order
        assertThat(actual.input().read()).isEqualTo(expected.input().read());
        assertThat(actual.input().used()).isEqualTo(expected.input().used());
        assertThat(actual.input().counts()).isEqualTo(expected.input().counts());
        IntegrityReport sameInput = actual.withInput(expected.input());
        assertThat(sameInput).isEqualTo(expected);
        assertThat(sameInput.toText()).isEqualTo(expected.toText());
        assertThat(actual.pair("tokens", "cycle_time", FixtureOrganisation.GAMED).orElseThrow().verdict())
                .isIn(Verdict.DIVERGING, Verdict.GAMED);
    }
}
