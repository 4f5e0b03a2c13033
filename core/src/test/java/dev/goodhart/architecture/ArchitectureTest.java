package dev.goodhart.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The layers of docs/architecture.md, checked on the compiled classes: each package of core uses only the packages
 * below it ({@link #ALLOWED}), and the package graph has no cycle.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.goodhart");

    /** The numerical toolkit is the bottom layer: it knows nothing of detectors, scoring, reports or usage logs. */
    @Test
    void statisticsDependOnNothingAbove() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.goodhart.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.goodhart", "dev.goodhart.model..",
                        "dev.goodhart.detect..", "dev.goodhart.activity..", "dev.goodhart.scoring..",
                        "dev.goodhart.report..");
        rule.check(CORE);
    }

    /** A detector answers one question about series; it never calls the scorer or builds a report. */
    @Test
    void detectorsDoNotReachUpIntoScoringOrReports() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.goodhart.detect..")
                .should().dependOnClassesThat().haveSimpleNameStartingWith("Scorer")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("Goodhart")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("LiveScorer")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("IntegrityReport")
                .orShould().dependOnClassesThat().haveSimpleNameStartingWith("PairResult")
                .orShould().dependOnClassesThat().resideInAPackage("dev.goodhart.activity..");
        rule.check(CORE);
    }

    /** Usage-log scoring stands beside the detectors: neither uses the other. */
    @Test
    void activityScoringAndDetectorsAreIndependent() {
        noClasses().that().resideInAPackage("dev.goodhart.activity..")
                .should().dependOnClassesThat().resideInAPackage("dev.goodhart.detect..").check(CORE);
    }

    /**
     * Which packages each package of core may use (relative to {@code dev.goodhart}; "" is the root, the
     * {@code Goodhart} facade). Bottom to top: internal helpers; model and stats; detect and activity (beside each
     * other); sources, and the report (the results and the text renderer); scoring; the facade.
     */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("internal", Set.<String>of()),
            Map.entry("stats.internal", Set.<String>of()),
            Map.entry("stats", Set.<String>of("stats.internal", "internal")),
            Map.entry("model", Set.<String>of("internal")),
            Map.entry("detect", Set.<String>of("model", "stats", "internal")),
            Map.entry("activity.internal", Set.<String>of("stats", "internal")),
            Map.entry("activity", Set.<String>of("activity.internal", "model", "stats", "internal")),
            Map.entry("report", Set.<String>of("model", "activity", "internal")),
            Map.entry("source", Set.<String>of("model", "activity", "internal")),
            Map.entry("scoring.internal", Set.<String>of("report", "detect", "model", "stats", "internal")),
            Map.entry("scoring", Set.<String>of("scoring.internal", "report", "detect", "activity", "model", "stats",
                    "stats.internal", "internal")),
            Map.entry("", Set.<String>of("scoring", "report", "detect", "activity", "model", "stats", "internal")));

    /** Every package uses only what {@link #ALLOWED} lists for it, and a new package must be placed there first. */
    @Test
    void everyPackageUsesOnlyTheLayersBelowIt() {
        Map<String, Set<String>> edges = packageGraph();
        assertThat(edges.keySet()).as("packages of core; place a new one in ALLOWED").isSubsetOf(ALLOWED.keySet());
        for (Map.Entry<String, Set<String>> e : edges.entrySet()) {
            assertThat(e.getValue()).as("packages that dev.goodhart.%s uses", e.getKey())
                    .isSubsetOf(ALLOWED.get(e.getKey()));
        }
    }

    /** The package graph has no cycle: every strongly connected group is one package. */
    @Test
    void noPackageCycles() {
        Map<String, Set<String>> edges = packageGraph();
        Set<Set<String>> cycles = new java.util.HashSet<>();
        for (Set<String> component : stronglyConnected(edges)) {
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        assertThat(cycles).as("package cycles (edges: %s)", edges).isEmpty();
    }

    /** Package to the other core packages its classes use. */
    private static Map<String, Set<String>> packageGraph() {
        Map<String, Set<String>> edges = new TreeMap<>();
        for (JavaClass c : CORE) {
            String from = relative(c.getPackageName());
            edges.computeIfAbsent(from, k -> new TreeSet<>());
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String to = d.getTargetClass().getPackageName();
                if (to.startsWith("dev.goodhart") && !relative(to).equals(from)) {
                    edges.get(from).add(relative(to));
                }
            }
        }
        return edges;
    }

    private static String relative(String pkg) {
        return pkg.equals("dev.goodhart") ? "" : pkg.substring("dev.goodhart.".length());
    }

    /** Tarjan's strongly connected components. */
    private static Set<Set<String>> stronglyConnected(Map<String, Set<String>> edges) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new java.util.HashSet<>();
        Set<Set<String>> out = new java.util.HashSet<>();
        int[] counter = {0};
        for (String v : edges.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, edges, index, low, stack, onStack, out, counter);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> edges, Map<String, Integer> index,
                                Map<String, Integer> low, Deque<String> stack, Set<String> onStack,
                                Set<Set<String>> out, int[] counter) {
        index.put(v, counter[0]);
        low.put(v, counter[0]++);
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, edges, index, low, stack, onStack, out, counter);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            out.add(component);
        }
    }
}
