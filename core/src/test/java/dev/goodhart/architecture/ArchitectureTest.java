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
 * The layers of docs/architecture.md, checked: model &lt;- stats &lt;- detect &lt;- scoring &lt;- report &lt;-
 * adapters. Rules that hold today are strict; the package cycles that remain (the root package holds both the model
 * and the scorer) are listed here as known debt: a new cycle, or a known one that grows to another package, fails.
 */
class ArchitectureTest {
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.goodhart");

    /** The numerical toolkit is the bottom layer: it knows nothing of detectors, scoring, reports or usage logs. */
    @Test
    void statisticsDependOnNothingAbove() {
        ArchRule rule = noClasses().that().resideInAPackage("dev.goodhart.stats..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.goodhart", "dev.goodhart.detect..",
                        "dev.goodhart.activity..");
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
     * The package cycles that remain, as strongly connected groups of packages (relative to {@code dev.goodhart}; ""
     * is the root). They go when the model moves out of the root package (issue 15); until then none may grow.
     */
    private static final Set<Set<String>> KNOWN_CYCLES = Set.of(Set.of("", "activity", "activity.internal", "detect"));

    /** No new package cycle: the strongly connected groups of the package graph are exactly the known ones. */
    @Test
    void noNewPackageCycles() {
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
        Set<Set<String>> cycles = new java.util.HashSet<>();
        for (Set<String> component : stronglyConnected(edges)) {
            if (component.size() > 1) {
                cycles.add(component);
            }
        }
        assertThat(cycles).as("package cycles (edges: %s)", edges).isEqualTo(KNOWN_CYCLES);
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
