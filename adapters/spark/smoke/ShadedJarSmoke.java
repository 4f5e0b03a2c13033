// Run by adapters/spark/shaded-smoke.sh (and .ci/run): a single-file program, not part of the build.
import dev.goodhart.model.*;
import dev.goodhart.report.*;
import dev.goodhart.spark.*;
import java.util.*;
import org.apache.spark.sql.*;
import org.apache.spark.sql.types.*;

/** Scores a small organisation with goodhart-spark-VERSION-all.jar on Spark's class path alone (no Guava or Commons Math of ours). */
public class ShadedJarSmoke {
    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().master("local[1]").appName("smoke").config("spark.ui.enabled", "false")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "")
                .link("tokens", "output").build();
        List<Row> rows = new ArrayList<>();
        Random r = new Random(1);
        for (int s = 0; s < 12; s++) {
            for (int d = 0; d < 120; d++) {
                java.sql.Date day = java.sql.Date.valueOf(java.time.LocalDate.of(2025, 1, 1).plusDays(d));
                double tokens = 100 * (s == 0 && d >= 60 ? 2 : 1) + 5 * r.nextGaussian();
                rows.add(RowFactory.create(day, "team-" + s, "tokens", tokens));
                rows.add(RowFactory.create(day, "team-" + s, "output", 50 + 2 * r.nextGaussian()));
            }
        }
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("date", DataTypes.DateType, false),
            DataTypes.createStructField("segment", DataTypes.StringType, false),
            DataTypes.createStructField("metric", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, true)});
        try (SparkReport report = SparkScoring.score(spark.createDataFrame(rows, schema), SparkScoring.Columns.defaults(), model, 0)) {
            System.out.println("shaded jar: " + report.header().pairCount() + " pairs, " + report.pairs().count() + " rows, "
                    + report.header().verdicts());
        }
        spark.stop();
    }
}
