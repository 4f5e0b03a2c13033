package dev.goodhart.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/** Grouping and counting over a table program's rows (the sixth and seventh zoos' tables), whatever the row type. */
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
