package dev.goodhart.jdbc;

import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import dev.goodhart.tck.FixtureOrganisation;
import java.nio.file.Path;
import java.util.List;
import javax.sql.DataSource;

/** The adapter contract through a real PostgreSQL server (see {@link PostgresServer}). */
class PostgresContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) throws Exception {
        DataSource ds = PostgresServer.require();
        FixtureTables.writeLong(ds, fixture);
        JdbcMetrics metrics = JdbcMetrics.builder(FixtureTables.LONG_QUERY)
                .dateColumn("obs_day").segmentColumn("team").metricColumn("metric").valueColumn("val")
                .fetchSize(500).build();
        return metrics.source(ds, FixtureOrganisation.START, FixtureOrganisation.START.plusDays(FixtureOrganisation.DAYS))
                .readAll();
    }
}
