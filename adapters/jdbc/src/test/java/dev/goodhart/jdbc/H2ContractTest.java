package dev.goodhart.jdbc;

import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import dev.goodhart.tck.FixtureOrganisation;
import java.nio.file.Path;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;

/** The adapter contract through an embedded H2 database: batch-inserted, read back with a ranged query. */
class H2ContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:" + dir.resolve("contract").toAbsolutePath());
        ds.setUser("sa");
        ds.setPassword("");
        FixtureTables.writeLong(ds, fixture);
        JdbcMetrics metrics = JdbcMetrics.builder(FixtureTables.LONG_QUERY)
                .dateColumn("obs_day").segmentColumn("team").metricColumn("metric").valueColumn("val")
                .fetchSize(100).build();
        return metrics.source(ds, FixtureOrganisation.START, FixtureOrganisation.START.plusDays(FixtureOrganisation.DAYS))
                .readAll();
    }
}
