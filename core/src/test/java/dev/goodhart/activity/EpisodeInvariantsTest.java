package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Episodes keep the per-actor counts consistent and the report independent of arrival order within the window, on
 * random streams (a reviewer's test, 2026-12-06): 400 streams of 200 to 1,700 events, one to three actors, up to eight
 * topics (more than the four open episodes), up to eleven agents (the pooled slot), runs of 200 to 400 requests
 * (decided early at 256), ties, duplicates, zero-token requests; each also with late events, serialized mid-stream and
 * merged. The counts never go below 0 or above their totals, the size histograms add up to the sized requests, and
 * the order-dependent state is the same for the stream sorted and shuffled within the window.
 */
class EpisodeInvariantsTest {
    static final long START = Instant.parse("2025-03-03T06:00:00Z").toEpochMilli();

    record Ev(ActivityEvent e, long key) {}

    static List<ActivityEvent> stream(Random r, int count) {
        int actors = 1 + r.nextInt(3);
        int topics = 1 + r.nextInt(8);
        int agents = r.nextInt(12);
        double artRate = r.nextInt(4) == 0 ? 0 : r.nextDouble() * 0.3;
        boolean dense = r.nextBoolean();
        List<ActivityEvent> out = new ArrayList<>();
        long[] t = new long[actors];
        Arrays.fill(t, START);
        while (out.size() < count) {
            int a = r.nextInt(actors);
            int len = 1 + (r.nextInt(10) == 0 ? 200 + r.nextInt(200) : r.nextInt(30));
            boolean grow = r.nextBoolean();
            String topic = String.format(Locale.ROOT, "%08x", r.nextInt(topics));
            String agent = agents > 0 && r.nextBoolean() ? "ag" + r.nextInt(agents) : null;
            long size = r.nextInt(2000);
            for (int i = 0; i < len && out.size() < count; i++) {
                int gapKind = r.nextInt(10);
                t[a] += gapKind < 3 ? 0 : gapKind < 8 ? 1000L * r.nextInt(120)
                        : dense ? 1000L * r.nextInt(300) : 60_000L * r.nextInt(90);
                size = grow ? size + r.nextInt(500) : r.nextInt(5) == 0 ? 0 : r.nextInt(3000);
                String fp = r.nextInt(6) == 0 ? null : (r.nextInt(5) == 0 ? "" : topic + ":")
                        + String.format(Locale.ROOT, "%016x%08x", r.nextLong(), r.nextInt());
                if (fp != null && fp.isEmpty()) fp = null;
                String art = r.nextDouble() < artRate ? "PR-" + r.nextInt(5) : null;
                String ag = r.nextInt(5) == 0 ? (agents > 0 ? "ag" + r.nextInt(agents) : null) : agent;
                out.add(new ActivityEvent(Instant.ofEpochMilli(t[a]), "u" + a, size, null, fp, ag, art));
                if (r.nextInt(10) == 0) out.add(out.get(out.size() - 1));
            }
        }
        return out;
    }

    static List<ActivityEvent> jitter(List<ActivityEvent> in, long w, Random r) {
        List<Ev> l = new ArrayList<>();
        for (ActivityEvent e : in) l.add(new Ev(e, e.timestamp().toEpochMilli() + (long) (r.nextDouble() * w)));
        l.sort(Comparator.comparingLong(Ev::key));
        List<ActivityEvent> out = new ArrayList<>();
        for (Ev e : l) out.add(e.e());
        return out;
    }

    static void check(ActorState a, String ctx) {
        String c = ctx + " " + a.actor;
        assertThat(a.noArtifactTokens).as(c + " noArtifact").isBetween(0L, a.tokens);
        assertThat(a.agentNoArtifactTokens()).as(c + " agentNoArt")
                .isBetween(0L, Math.min(a.agentTokens, a.noArtifactTokens));
        for (int k = 0; k < ActorState.AGENTS; k++) {
            assertThat(a.agentNoArtifactByName[k]).as(c + " byName " + k).isBetween(0L, a.agentTokensByName[k]);
        }
        long n = 0, tk = 0;
        for (int b = 0; b < ActorState.SIZE_BINS; b++) {
            assertThat(a.sizeCount[b]).as(c + " sizeCount " + b).isGreaterThanOrEqualTo(0);
            assertThat(a.sizeTokens[b]).as(c + " sizeTokens " + b).isGreaterThanOrEqualTo(0);
            n += a.sizeCount[b];
            tk += a.sizeTokens[b];
        }
        assertThat(n).as(c + " sized").isEqualTo(a.sizedEvents);
        assertThat(a.sizedEvents).as(c + " sizedEvents").isBetween(0L, a.events);
        assertThat(tk).as(c + " sizeTokens sum").isBetween(0L, a.tokens);
        double idle = a.idleAgentTokens();
        assertThat(idle).as(c + " idle").isBetween(0.0, (double) a.agentNoArtifactTokens());
    }

    static Map<String, ActorState> snap(ActivityLog log, String ctx) {
        Map<String, ActorState> m = new TreeMap<>();
        for (ActorState a : log.snapshot().actors()) {
            check(a, ctx);
            m.put(a.segment + "/" + a.actor, a);
        }
        return m;
    }

    /** Order-dependent fields compared by reflection (primitives and primitive arrays; episodes). */
    static String dump(Object o) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Field f : o.getClass().getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers())) continue;
            f.setAccessible(true);
            Object v = f.get(o);
            String n = f.getName();
            if (n.equals("lateEvents") || n.equals("maxLateMillis") || n.equals("pending") || n.equals("applied")
                    || n.equals("distinct") || n.equals("heavy")) continue;
            if (v instanceof long[] x) sb.append(n).append(Arrays.toString(x));
            else if (v instanceof int[] x) sb.append(n).append(Arrays.toString(x));
            else if (v instanceof Object[] x && n.equals("agentNames")) sb.append(n).append(Arrays.toString(x));
            else if (v instanceof Episode[] x) { for (Episode e : x) sb.append("ep{").append(dump(e)).append('}'); }
            else if (v instanceof Growth g) sb.append(n).append('{').append(dump(g)).append('}');
            else if (n.equals("runGaps") || n.equals("sizes")) continue;
            else sb.append(n).append('=').append(v);
            sb.append(';');
        }
        return sb.toString();
    }

    static ActivityLog log(long window, int buffer) {
        return ActivityLog.builder().reorderWindow(Duration.ofMillis(window)).reorderBuffer(buffer).build();
    }

    @Test
    void invariantsAndOrderIndependence() throws Exception {
        ActivityScorer scorer = ActivityScorer.builder().minPeers(3).minEvents(5).build();
        int orderFailures = 0, checked = 0;
        String firstFailure = null;
        for (long seed = 0; seed < 400; seed++) {
            Random r = new Random(seed);
            List<ActivityEvent> events = stream(r, 200 + r.nextInt(1500));
            events.sort(Comparator.comparing(ActivityEvent::timestamp));
            ActivityLog sorted = log(3_600_000, 100_000);
            for (int i = 0; i < events.size(); i++) {
                sorted.accept(events.get(i));
                if (r.nextInt(200) == 0) snap(sorted, "mid seed " + seed);
            }
            Map<String, ActorState> want = snap(sorted, "sorted seed " + seed);
            // shuffled within the window
            ActivityLog jit = log(3_600_000, 100_000).addAll(jitter(events, 3_600_000, r));
            assertThat(jit.lateEvents()).isZero();
            Map<String, ActorState> got = snap(jit, "jit seed " + seed);
            checked++;
            for (String k : want.keySet()) {
                String a = dump(want.get(k)), b = dump(got.get(k));
                if (!a.equals(b)) {
                    orderFailures++;
                    if (firstFailure == null) firstFailure = "seed " + seed + " " + k + "\n" + a + "\n" + b;
                    break;
                }
            }
            assertThat(scorer.score(jit)).as("report seed " + seed).isEqualTo(scorer.score(sorted));
            // late events: small window, shuffled more
            ActivityLog late = log(r.nextInt(600_000), 1 + r.nextInt(50)).addAll(jitter(events, 7_200_000, r));
            snap(late, "late seed " + seed);
            // serialization mid-stream, and merge via snapshotOpen
            ActivityLog half = log(3_600_000, 100_000);
            List<ActivityEvent> j2 = jitter(events, 3_600_000, r);
            int cut = r.nextInt(j2.size());
            for (int i = 0; i < cut; i++) half.accept(j2.get(i));
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (ObjectOutputStream oo = new ObjectOutputStream(bo)) { oo.writeObject(half); }
            ActivityLog back;
            try (ObjectInputStream oi = new ObjectInputStream(new ByteArrayInputStream(bo.toByteArray()))) {
                back = (ActivityLog) oi.readObject();
            }
            ActivityLog merged = log(3_600_000, 100_000).merge(half);
            for (int i = cut; i < j2.size(); i++) {
                back.accept(j2.get(i));
                half.accept(j2.get(i));
                merged.accept(j2.get(i));
            }
            Map<String, ActorState> h = snap(half, "half"), bk = snap(back, "back"), mg = snap(merged, "merged");
            for (String k : want.keySet()) {
                assertThat(dump(bk.get(k))).as("serialized seed " + seed).isEqualTo(dump(h.get(k)));
                assertThat(dump(mg.get(k))).as("merged seed " + seed).isEqualTo(dump(h.get(k)));
            }
        }
        assertThat(checked).isEqualTo(400);
        assertThat(orderFailures).as("%s", firstFailure).isZero();
    }
}
