package dev.goodhart.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.reflect.ClassPath;
import com.google.common.reflect.Reflection;
import com.google.common.testing.ArbitraryInstances;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Role;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code null} passed to a public method or constructor of core's public API fails at once with a
 * NullPointerException whose message names the parameter (as {@code Objects.requireNonNull(x, "x")} gives), or an
 * IllegalArgumentException that names it (a name that must be non-blank says so), not with a bare or deep
 * NullPointerException, a different exception, or silence. Every public static method and
 * constructor of every public class outside the {@code internal} packages is called once per reference parameter,
 * with that parameter null and ordinary values for the others.
 */
class NullParameterTest {
    private static final LocalDate DAY = LocalDate.of(2025, 1, 6);

    /** Ordinary values for the parameters that are not null, by type; JDK types come from Guava's testlib. */
    private static final Map<Class<?>, Object> SAMPLES = new HashMap<>();

    static {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time").build();
        SAMPLES.put(IntegrityModel.class, model);
        SAMPLES.put(Metric.class, new Metric("tokens", Role.PROXY, Direction.HIGHER, "tokens",
                dev.goodhart.model.Aggregation.SUM));
        SAMPLES.put(Link.class, Link.of("tokens", "cycle_time"));
        SAMPLES.put(Observation.class, new Observation(DAY, "team", "tokens", 1));
        List<Observation> rows = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            rows.add(new Observation(DAY.plusDays(d), "team", "tokens", 100 + d));
            rows.add(new Observation(DAY.plusDays(d), "team", "cycle_time", 5 + d % 3));
        }
        SAMPLES.put(Frame.class, Frame.of(model, rows));
        dev.goodhart.report.IntegrityReport report = dev.goodhart.scoring.Scorer.defaults().score(model,
                (Frame) SAMPLES.get(Frame.class));
        SAMPLES.put(dev.goodhart.report.IntegrityReport.class, report);
        SAMPLES.put(dev.goodhart.report.PairResult.class, report.pairs().get(0));
        SAMPLES.put(Finding.class, new Finding("detector", 1, 0.5, 0.5, 0, "message"));
        SAMPLES.put(LocalDate.class, DAY);
        SAMPLES.put(java.io.UncheckedIOException.class, new java.io.UncheckedIOException(new java.io.IOException("io")));
        SAMPLES.put(String.class, "tokens");
        SAMPLES.put(double[].class, new double[] {1, 2, 3, 4, 5, 6, 7, 8});
        SAMPLES.put(int[].class, new int[] {1, 2, 3});
        SAMPLES.put(long[].class, new long[] {1, 2, 3});
        // a report a pair at a time (Scorer.score with a sink): the collector is the sink that needs nothing else
        SAMPLES.put(dev.goodhart.report.ReportSink.class, dev.goodhart.report.ReportSink.collector());
        SAMPLES.put(dev.goodhart.report.ReportHeader.class, report.header());
        SAMPLES.put(dev.goodhart.stats.ChangePoints.Penalty.class, dev.goodhart.stats.ChangePoints.Penalty.mbic());
        SAMPLES.put(dev.goodhart.activity.ActivityScorer.Totals.class, dev.goodhart.activity.ActivityScorer.Totals.empty());
        SAMPLES.put(dev.goodhart.activity.ActivityScorer.PeerValues.class,
                dev.goodhart.activity.ActivityScorer.PeerValues.empty());
    }

    /**
     * Parameters where null is part of the contract, each documented in its Javadoc: "Type.member.parameter" and why.
     */
    private static final Map<String, String> NULLABLE = Map.ofEntries(
            Map.entry("Observation.<init>.segment", "null or blank is the organisation as a whole"),
            Map.entry("Segments.normalise.segment", "null or blank is the organisation as a whole"),
            Map.entry("DailyUsage.<init>.segment", "null or blank is the organisation as a whole"),
            Map.entry("ActivityEvent.<init>.segment", "null or blank is the organisation as a whole"),
            Map.entry("ActivityEvent.of.segment", "null or blank is the organisation as a whole"),
            Map.entry("ActivityEvent.<init>.requestFingerprint", "a usage log without request text"),
            Map.entry("ActivityEvent.of.requestFingerprint", "a usage log without request text"),
            Map.entry("ActivityEvent.<init>.agent", "a usage log without agents"),
            Map.entry("ActivityEvent.<init>.artifact", "a usage log without artifacts"),
            Map.entry("Fingerprinter.isFingerprint.value", "answers false"),
            Map.entry("InvalidDataException.<init>.cause", "an error with no underlying exception"),
            Map.entry("PairResult.<init>.recentFrom", "no recent window: the pair could not be examined"),
            Map.entry("Examination.<init>.recentFrom", "no recent window: the pair could not be examined"),
            Map.entry("Examination.<init>.intervention", "no intervention declared"),
            Map.entry("Examination.<init>.pair", "the pair's series could not be built"),
            Map.entry("Digits.<init>.proxy", "the proxy is not self-reported"),
            Map.entry("Digits.<init>.outcome", "the outcome is not self-reported"),
            Map.entry("Conclusion.<init>.shared", "a detector that does not apply shares nothing"),
            Map.entry("Conclusion.<init>.skipReason", "the detector applies"),
            Map.entry("Description.<init>.evidence", "the detector reads evidence of its own"),
            Map.entry("ActivityReport.<init>.first", "an empty log has no first event"),
            Map.entry("ActivityReport.<init>.last", "an empty log has no last event"),
            Map.entry("Intervention.<init>.label", "no label"),
            Map.entry("Intervention.of.label", "no label"),
            Map.entry("Intervention.<init>.segments", "every segment"),
            Map.entry("Metric.<init>.unit", "no unit"),
            Map.entry("Metric.proxy.unit", "no unit"),
            Map.entry("Metric.outcome.unit", "no unit"),
            Map.entry("Metric.exposure.unit", "no unit"),
            Map.entry("Builder.exposure.unit", "no unit"),
            Map.entry("Builder.outcome.unit", "no unit"),
            Map.entry("Builder.proxy.unit", "no unit"),
            Map.entry("Builder.intervention.label", "no label"),
            Map.entry("Builder.add.segment", "null or blank is the organisation as a whole"),
            Map.entry("Builder.segment.value", "null or blank is the organisation as a whole"),
            Map.entry("Scorer.examine.segment", "null or blank is the organisation as a whole"),
            Map.entry("SourceException.<init>.cause", "no underlying exception"),
            Map.entry("PairResult.<init>.chart", "no chart: a healthy pair, or beyond the chart limit"),
            Map.entry("PairResult.withChart.chart", "no chart"),
            Map.entry("PairChart.<init>.intervention", "no intervention declared"),
            Map.entry("SourceException.<init>.code", "a source without codes for its failures"));

    @Test
    void everyPublicEntryPointNamesTheNullParameter() throws Exception {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Class<?> type : publicApiClasses()) {
            List<Executable> entries = new ArrayList<>();
            for (Constructor<?> c : type.getConstructors()) {
                entries.add(c);
            }
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == type && !m.isSynthetic()
                        && !(type.isEnum() && m.getName().equals("valueOf"))) {
                    entries.add(m);
                }
            }
            for (Executable e : entries) {
                Parameter[] params = e.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType().isPrimitive()) {
                        continue;
                    }
                    String key = type.getSimpleName() + "." + (e instanceof Constructor<?> ? "<init>" : e.getName())
                            + "." + params[i].getName();
                    if (NULLABLE.containsKey(key)) {
                        continue;
                    }
                    checked++;
                    String problem = callWithNull(e, i);
                    if (problem != null) {
                        failures.add(type.getName() + "." + signature(e) + " with " + params[i].getName()
                                + " null: " + problem);
                    }
                }
            }
        }
        assertThat(checked).as("parameters checked").isGreaterThan(100);
        assertThat(failures).as("of %d reference parameters checked", checked).isEmpty();
    }

    /** Fresh instances whose public instance methods are checked the same way (builders and the main services). */
    private static final List<java.util.function.Supplier<Object>> INSTANCES = List.of(
            dev.goodhart.model.IntegrityModel::builder,
            () -> Frame.builder((IntegrityModel) SAMPLES.get(IntegrityModel.class)),
            () -> SAMPLES.get(IntegrityModel.class),
            () -> SAMPLES.get(Frame.class),
            dev.goodhart.scoring.Scorer::builder,
            dev.goodhart.scoring.Scorer::defaults,
            dev.goodhart.activity.ActivityScorer::builder,
            dev.goodhart.activity.ActivityScorer::defaults,
            dev.goodhart.activity.DailyActivityScorer::builder,
            dev.goodhart.activity.DailyActivityScorer::defaults,
            dev.goodhart.activity.ActivityLog::builder,
            () -> dev.goodhart.activity.ActivityLog.builder().build(),
            dev.goodhart.activity.DailyUsageLog::builder,
            () -> dev.goodhart.activity.DailyUsage.builder(DAY, "actor"),
            () -> dev.goodhart.scoring.Scorer.defaults().score((IntegrityModel) SAMPLES.get(IntegrityModel.class),
                    (Frame) SAMPLES.get(Frame.class)));

    @Test
    void everyPublicMethodOfTheBuildersAndServicesNamesTheNullParameter() {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (java.util.function.Supplier<Object> supplier : INSTANCES) {
            Class<?> type = supplier.get().getClass();
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.isSynthetic() || m.getName().equals("equals")
                        || !m.getDeclaringClass().getName().startsWith("dev.goodhart")) {
                    continue;
                }
                Parameter[] params = m.getParameters();
                for (int i = 0; i < params.length; i++) {
                    if (params[i].getType().isPrimitive()) {
                        continue;
                    }
                    String key = type.getSimpleName() + "." + m.getName() + "." + params[i].getName();
                    if (NULLABLE.containsKey(key)) {
                        continue;
                    }
                    checked++;
                    Object[] args = new Object[params.length];
                    for (int k = 0; k < params.length; k++) {
                        args[k] = k == i ? null : sample(params[k].getType());
                    }
                    String problem = invoke(m, supplier.get(), args, params[i].getName(), m.getName());
                    if (problem != null) {
                        failures.add(type.getName() + "." + signature(m) + " with " + params[i].getName() + " null: "
                                + problem);
                    }
                }
            }
        }
        assertThat(checked).as("parameters checked").isGreaterThan(40);
        assertThat(failures).as("of %d reference parameters checked", checked).isEmpty();
    }

    /** Calls; a builder option may be named by its method ("zone") rather than by its parameter ("value"). */
    private static String invoke(Method m, Object target, Object[] args, String name, String option) {
        try {
            m.invoke(target, args);
            return "accepted null";
        } catch (InvocationTargetException ite) {
            Throwable t = ite.getCause();
            boolean named = t.getMessage() != null && (t.getMessage().contains(name) || t.getMessage().contains(option))
                    && !t.getMessage().startsWith("Cannot ");
            if (t instanceof NullPointerException || t instanceof IllegalArgumentException) {
                return named ? null : t.getClass().getSimpleName() + " not naming it: " + t.getMessage();
            }
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        } catch (ReflectiveOperationException | IllegalArgumentException ex) {
            return "could not call: " + ex;
        }
    }

    private static String callWithNull(Executable e, int nullIndex) {
        Parameter[] params = e.getParameters();
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            if (i != nullIndex) {
                args[i] = sample(params[i].getType());
            }
        }
        Throwable baseline = baseline(e, params);
        try {
            if (e instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                ((Method) e).invoke(null, args);
            }
            return "accepted null";
        } catch (InvocationTargetException ite) {
            Throwable t = ite.getCause();
            if (!(t instanceof NullPointerException) && baseline != null && baseline.getClass() == t.getClass()) {
                return null; // the ordinary values are refused too: this call cannot tell, the check comes later
            }
            String name = params[nullIndex].getName();
            boolean named = t.getMessage() != null && t.getMessage().contains(name)
                    && !t.getMessage().startsWith("Cannot "); // a helpful NPE from deeper down names a local
            if (t instanceof NullPointerException || t instanceof IllegalArgumentException) {
                return named ? null : t.getClass().getSimpleName() + " not naming it: " + t.getMessage();
            }
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        } catch (ReflectiveOperationException | IllegalArgumentException ex) {
            return "could not call: " + ex;
        }
    }

    /** What the call throws with ordinary values everywhere, null when it returns. */
    private static Throwable baseline(Executable e, Parameter[] params) {
        Object[] args = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            args[i] = sample(params[i].getType());
        }
        try {
            if (e instanceof Constructor<?> c) {
                c.newInstance(args);
            } else {
                ((Method) e).invoke(null, args);
            }
            return null;
        } catch (InvocationTargetException ite) {
            return ite.getCause();
        } catch (ReflectiveOperationException | IllegalArgumentException ex) {
            return ex;
        }
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) {
            return 1;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == double.class) {
            return 1.0;
        }
        if (SAMPLES.containsKey(type)) {
            return SAMPLES.get(type);
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 0);
        }
        Object arbitrary = ArbitraryInstances.get(type);
        if (arbitrary != null) {
            return arbitrary;
        }
        if (type.isInterface()) {
            return Reflection.newProxy(type, (proxy, method, args) -> ArbitraryInstances.get(method.getReturnType()));
        }
        return null;
    }

    private static String signature(Executable e) {
        StringBuilder sb = new StringBuilder(e instanceof Constructor<?> ? "<init>" : e.getName()).append('(');
        for (Class<?> p : e.getParameterTypes()) {
            sb.append(sb.charAt(sb.length() - 1) == '(' ? "" : ", ").append(p.getSimpleName());
        }
        return sb.append(')').toString();
    }

    /** Public top-level and nested public classes of core's public packages (not {@code internal}). */
    private static List<Class<?>> publicApiClasses() throws Exception {
        TreeSet<String> names = new TreeSet<>();
        for (ClassPath.ClassInfo info : ClassPath.from(NullParameterTest.class.getClassLoader())
                .getTopLevelClassesRecursive("dev.goodhart")) {
            String pkg = info.getPackageName();
            if (pkg.contains("internal") || pkg.startsWith("dev.goodhart.sim") || pkg.startsWith("dev.goodhart.tck")
                    || pkg.startsWith("dev.goodhart.api") || pkg.startsWith("dev.goodhart.architecture")) {
                continue;
            }
            names.add(info.getName());
        }
        List<Class<?>> out = new ArrayList<>();
        for (String n : names) {
            Class<?> c = Class.forName(n);
            if (c.getProtectionDomain().getCodeSource().getLocation().getPath().contains("test-classes")) {
                continue;
            }
            collect(c, out);
        }
        return out;
    }

    private static void collect(Class<?> c, List<Class<?>> out) {
        if (!Modifier.isPublic(c.getModifiers())) {
            return;
        }
        out.add(c);
        for (Class<?> nested : c.getDeclaredClasses()) {
            collect(nested, out);
        }
    }
}
