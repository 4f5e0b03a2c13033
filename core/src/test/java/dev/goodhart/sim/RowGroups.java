package dev.goodhart.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Grouping, counting and ranking over a table program's rows (the zoos' tables), whatever the row type. */
public final class RowGroups {
    private RowGroups() {
    }

    /** The rows grouped by {@code key}, keys sorted. */
    public static <R> Map<String, List<R>> sorted(List<R> rows, Function<R, String> key) {
        return into(new TreeMap<>(), rows, key);
    }

    /** The rows grouped by {@code key}, keys in the order they first appear. */
    public static <R> Map<String, List<R>> firstSeen(List<R> rows, Function<R, String> key) {
        return into(new LinkedHashMap<>(), rows, key);
    }

    private static <R> Map<String, List<R>> into(Map<String, List<R>> groups, List<R> rows, Function<R, String> key) {
        for (R r : rows) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /**
     * The power of a score's ranking alone at a false-alarm rate: the threshold is the honest scores' {@code 1 -
     * falseAlarms} quantile (the smallest score that at most that share of honest rows exceed), and the power is the
     * share of {@code strong} rows scoring above it (ties with the threshold count as missed). NaN without honest or
     * strong rows.
     */
    public static <R> double powerAt(List<R> honest, List<R> strong, java.util.function.ToDoubleFunction<R> score,
                                     double falseAlarms) {
        double[] h = honest.stream().mapToDouble(score).sorted().toArray();
        if (h.length == 0 || strong.isEmpty()) {
            return Double.NaN;
        }
        double threshold = h[Math.max(0, (int) Math.ceil(h.length * (1 - falseAlarms)) - 1)];
        return strong.stream().filter(r -> score.applyAsDouble(r) > threshold).count() / (double) strong.size();
    }

    /** The rows that meet {@code p}, in order. */
    public static <R> List<R> filter(List<R> rows, Predicate<R> p) {
        return rows.stream().filter(p).toList();
    }

    /** How many rows meet {@code p}. */
    public static <R> long count(List<R> rows, Predicate<R> p) {
        return rows.stream().filter(p).count();
    }

    /** The share of the rows that meet {@code p}; NaN for no rows. */
    public static <R> double fraction(List<R> rows, Predicate<R> p) {
        return count(rows, p) / (double) rows.size();
    }
}
