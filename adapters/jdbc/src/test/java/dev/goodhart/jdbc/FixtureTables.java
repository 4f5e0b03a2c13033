package dev.goodhart.jdbc;

import dev.goodhart.model.Observation;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import javax.sql.DataSource;

/** Writes observations into a table with a batch of prepared inserts, for the tests of both databases. */
final class FixtureTables {
    /** The long-layout query the contract tests read the fixture back with. */
    static final String LONG_QUERY = "SELECT obs_day, team, metric, val FROM fixture_long WHERE obs_day >= ? AND obs_day < ?";

    private FixtureTables() {
    }

    /** (Re)creates {@code fixture_long(obs_day DATE, team, metric, val)} and inserts {@code rows} in batches. */
    static void writeLong(DataSource ds, List<Observation> rows) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("DROP TABLE IF EXISTS fixture_long");
                s.execute("CREATE TABLE fixture_long (obs_day DATE, team VARCHAR(100), metric VARCHAR(100), "
                        + "val DOUBLE PRECISION)");
            }
            try (PreparedStatement p = c.prepareStatement(
                    "INSERT INTO fixture_long (obs_day, team, metric, val) VALUES (?, ?, ?, ?)")) {
                int n = 0;
                for (Observation o : rows) {
                    p.setObject(1, o.date());
                    p.setString(2, o.segment());
                    p.setString(3, o.metric());
                    if (Double.isNaN(o.value())) {
                        p.setNull(4, Types.DOUBLE);
                    } else {
                        p.setDouble(4, o.value());
                    }
                    p.addBatch();
                    if (++n % 1000 == 0) {
                        p.executeBatch();
                    }
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    /** Runs statements in one transaction. */
    static void exec(DataSource ds, String... sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** A TCP port on the loopback address where nothing listens (bound, then released). */
    static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
