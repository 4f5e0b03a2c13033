// Goodhart quick start for JShell:
//   jshell --class-path examples/target/goodhart.jar examples/jshell/quickstart.jsh
import dev.goodhart.*;
import dev.goodhart.model.*;
import dev.goodhart.report.*;
import java.time.LocalDate;
import java.util.*;

// 1. Say what is measured: tokens (a proxy) are meant to shorten cycle time (an outcome, lower is better).
// (JShell runs each complete line at once, so chained calls keep their dots at the end of the line.)
var model = IntegrityModel.builder().
        proxy("tokens", "tokens").
        outcome("cycle_time", Direction.LOWER, "days").
        link("tokens", "cycle_time").
        intervention(LocalDate.of(2025, 1, 6), "token quota announced").
        granularity(Granularity.WEEK).
        build();

// 2. Some data: two teams, two years of weeks (the quota a year in). "honest" uses more tokens as its work
//    improves; "gamed" inflates tokens after the quota while its cycle time stays where it was.
var rows = new ArrayList<Observation>();
var random = new Random(7);
double honestWork = 1, gamedWork = 1;
for (int w = 0; w < 104; w++) {
    var day = LocalDate.of(2024, 1, 1).plusWeeks(w);
    boolean after = !day.isBefore(LocalDate.of(2025, 1, 6));
    honestWork = Math.max(0.5, honestWork * Math.exp(0.08 * random.nextGaussian()) * 0.95 + 0.05 + (after ? 0.004 : 0));
    gamedWork = Math.max(0.5, gamedWork * Math.exp(0.08 * random.nextGaussian()) * 0.95 + 0.05);
    rows.add(new Observation(day, "honest", "tokens", 20000 * honestWork * Math.exp(0.03 * random.nextGaussian())));
    rows.add(new Observation(day, "honest", "cycle_time", 5 * Math.pow(honestWork, -0.6) * Math.exp(0.03 * random.nextGaussian())));
    double dummy = after ? 30000 * Math.exp(0.3 * random.nextGaussian()) : 0;
    rows.add(new Observation(day, "gamed", "tokens", 20000 * gamedWork * Math.exp(0.03 * random.nextGaussian()) + dummy));
    rows.add(new Observation(day, "gamed", "cycle_time", 5 * Math.pow(gamedWork, -0.6) * Math.exp(0.03 * random.nextGaussian())));
}

// 3. One line to score; the report prints as a table with the evidence.
var report = Goodhart.score(model, rows);
System.out.println(report);
System.out.println("gamed team: " + report.segment("gamed").orElseThrow().verdict());
/exit
