package dev.goodhart.examples;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The known names nearest to a mistyped one: fewest edits (insertions, deletions, substitutions and swaps of two
 * neighbouring characters), at most two (three for names longer than eight characters); or the names it starts.
 */
final class Typos {
    private Typos() {
    }

    /** The nearest of {@code known} to {@code typed}, in their order; empty when none is near. */
    static List<String> nearest(String typed, Collection<String> known) {
        int best = typed.length() > 8 ? 3 : 2;
        List<String> out = new ArrayList<>();
        for (String name : known) {
            int d = distance(typed, name);
            if (d < best) {
                best = d;
                out.clear();
            }
            if (d == best) {
                out.add(name);
            }
        }
        if (out.isEmpty() && typed.length() >= 4) {
            for (String name : known) {
                if (name.startsWith(typed)) {
                    out.add(name);
                }
            }
        }
        return out;
    }

    /** The optimal string alignment distance (Damerau-Levenshtein without repeated edits of one substring). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
