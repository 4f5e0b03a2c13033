package dev.goodhart.sim.fourth;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fourth generator of organisations, written by a helper from issue 12's description alone (2026-12-01), without
 * reading the detectors or the project's other simulations; kept here as it was written (its defaults, names and
 * parameters), so that it guards the library against what it found. Factorial: organisation {@code id} picks one of
 * 12 cells, four couplings (short-run, level = trailing 28-day mean, lagged 14-28 days, none) times three outcomes
 * (cycle time, a Poisson count, a failure rate = binomial over a Poisson number of changes), and cycles over noise
 * variants (AR(1) 0 to 0.9 in the outcome, heavy tails, 0-15% missing days); every fifth variant is an organisation-
 * wide improvement of 10-15%. 30-80 teams, 90-120 days each side of the intervention, random start dates (so weekly
 * periods of daily rows start and end part-way through a week). Real use follows a slow AR(1) (phi 0.9-0.98) plus
 * daily noise; tokens add a weekday factor and measurement noise; the outcome's elasticity to real use is 0.15-0.40.
 * Gaming kinds: jump x1.7-2.1, ramp to x1.5-3, late onset 21-56 days in, subtle x1.3-1.5, bunching over a quota,
 * bursts, and gaming inside an organisation-wide improvement. Honest kinds: adoption x1.5-2.5 (with or without a gain
 * lagging by 21-56 days), an outcome regime change at any time, a seasonal crunch, the lean team, nothing.
 */
public final class FourthZoo {
    static final String[] COUPLINGS = {"short_run", "level", "lagged", "none"};
    static final String[] OTYPES = {"cycle_time", "count", "fail_rate"};
    static final String[] HONEST = {"adoption_gain", "lagged_gain", "regime_change", "seasonal_crunch", "lean", "nothing"};
    static final String[] GAMING = {"jump", "ramp", "late_onset", "subtle", "bunching", "bursts"};
    static final String[] GAMING_IN_IMPROVE = {"jump", "ramp", "subtle", "bursts"};

    private FourthZoo() {
    }

    /** One organisation: its design, its teams and every observation. */
    public static final class Org {
        public int id;
        long seed;
        public String coupling;
        public String otype;
        public double phi;
        public boolean heavy;
        public double miss;
        public boolean improve;
        int nTeams;
        int pre;
        int post;
        LocalDate start;
        LocalDate intervention;
        double gamingShare;
        double weekend;
        double[] wd = new double[7];
        double impSize;
        /** The factor on the outcome's noise (1 as written). */
        double outcomeNoise = 1;
        int impStart;
        int impRamp;
        public final List<Team> teams = new ArrayList<>();
        public final List<Observation> obs = new ArrayList<>();
    }

    /** One team: its kind, the truth, and its proxy inflation (the recent mean over the real mean, less 1). */
    public static final class Team {
        public String name;
        public String kind;
        public boolean gaming;
        String params = "";
        public double inflation;
        double[] tokens;
        double[] outcome;
    }

    /** Organisation {@code id}, generated. */
    public static Org organisation(int id) {
        return organisation(id, 1);
    }

    /**
     * Organisation {@code id} with its outcome's noise (the AR(1) innovations' scale, not the sampling of counts and
     * failures, nor the real use that drives the outcome) multiplied by {@code outcomeNoise}; 1 is the helper's
     * generator as written. Added by the engineers (2026-12-02) to measure how power grows as that noise falls.
     */
    public static Org organisation(int id, double outcomeNoise) {
        Org o = design(id);
        o.outcomeNoise = outcomeNoise;
        generate(o);
        return o;
    }

    /** The model the helper scored it with: tokens against the outcome, the intervention, the granularity. */
    public static IntegrityModel model(Org o, Granularity g) {
        Direction dir = o.otype.equals("count") ? Direction.HIGHER : Direction.LOWER;
        return IntegrityModel.builder()
                .proxy("tokens", "tokens")
                .outcome(o.otype, dir, o.otype.equals("cycle_time") ? "days" : o.otype.equals("count") ? "deployments" : "failures/changes")
                .link("tokens", o.otype)
                .intervention(o.intervention, "token quota")
                .granularity(g)
                .build();
    }

    static double t3(SplittableRandom r) { // Student t with 3 df scaled to unit variance
        double z = gauss(r);
        double c = 0; for (int i = 0; i < 3; i++) { double g = gauss(r); c += g * g; }
        return z / Math.sqrt(c / 3.0) / Math.sqrt(3.0);
    }
    static double gauss(SplittableRandom r) {
        double u1 = r.nextDouble(), u2 = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
    }
    static double unif(SplittableRandom r, double a, double b) { return a + (b - a) * r.nextDouble(); }
    static int iunif(SplittableRandom r, int a, int b) { return a + r.nextInt(b - a + 1); } // inclusive
    static int poisson(SplittableRandom r, double lam) {
        if (lam <= 0) return 0;
        if (lam > 50) return (int) Math.max(0, Math.round(lam + Math.sqrt(lam) * gauss(r)));
        double L = Math.exp(-lam), p = 1; int k = 0;
        do { k++; p *= r.nextDouble(); } while (p > L);
        return k - 1;
    }
    static int binom(SplittableRandom r, int n, double p) { int k = 0; for (int i = 0; i < n; i++) if (r.nextDouble() < p) k++; return k; }
    static double ramp(int t, int start, int len) {
        if (t < start) return 0; if (len <= 0) return 1; return Math.min(1.0, (t - start + 1) / (double) len);
    }

    /** The factorial design: org index -> org parameters. */
    static Org design(int id) {
        Org o = new Org();
        o.id = id;
        o.seed = 0x5eedL * 1_000_003L + id * 7919L;
        SplittableRandom r = new SplittableRandom(o.seed);
        int cell = id % 12; int rep = id / 12; // 12 cells, reps 0..
        o.coupling = COUPLINGS[cell / 3];
        o.otype = OTYPES[cell % 3];
        // noise variants cycle over reps; rep 4 (and 9, ...) is an organisation-wide improvement org
        int v = rep % 5;
        switch (v) {
            case 0: o.phi = r.nextBoolean() ? 0.0 : 0.3; o.heavy = false; break;
            case 1: o.phi = 0.5; o.heavy = false; break;
            case 2: o.phi = 0.7; o.heavy = r.nextBoolean(); break;
            case 3: o.phi = 0.9; o.heavy = true; break;
            default: o.phi = new double[]{0.0, 0.3, 0.5, 0.7, 0.9}[r.nextInt(5)]; o.heavy = r.nextBoolean(); o.improve = true;
        }
        o.miss = new double[]{0.0, 0.05, 0.15}[r.nextInt(3)];
        o.nTeams = iunif(r, 30, 80);
        o.pre = iunif(r, 90, 120); o.post = iunif(r, 90, 120);
        o.start = LocalDate.of(2024, 1, 1).plusDays(r.nextInt(400));
        o.intervention = o.start.plusDays(o.pre);
        o.gamingShare = unif(r, 0.15, 0.45);
        o.weekend = unif(r, 0.08, 0.4);
        for (int d = 0; d < 5; d++) o.wd[d] = unif(r, 0.85, 1.15);
        o.wd[5] = o.weekend * unif(r, 0.8, 1.2); o.wd[6] = o.weekend * unif(r, 0.6, 1.0);
        o.impSize = unif(r, 0.10, 0.15);
        o.impStart = o.pre + iunif(r, -14, 21); o.impRamp = iunif(r, 1, 28);
        return o;
    }

    static void generate(Org o) {
        SplittableRandom r = new SplittableRandom(o.seed ^ 0xabcdef12345L);
        int N = o.pre + o.post, T0 = o.pre;
        int[] dow = new int[N];
        for (int t = 0; t < N; t++) dow[t] = o.start.plusDays(t).getDayOfWeek().getValue() - 1;
        String outName = o.otype;
        for (int k = 0; k < o.nTeams; k++) {
            Team tm = new Team();
            tm.name = String.format("team%02d", k);
            tm.gaming = r.nextDouble() < o.gamingShare;
            if (o.improve) tm.kind = tm.gaming ? "gaming_in_org_improvement" : "org_improvement";
            else tm.kind = tm.gaming ? GAMING[r.nextInt(GAMING.length)] : HONEST[r.nextInt(HONEST.length)];
            StringBuilder ps = new StringBuilder();
            double B = Math.exp(Math.log(40000) + 0.7 * gauss(r));
            double phiS = unif(r, 0.9, 0.98), sdS = unif(r, 0.08, 0.25), sdE = unif(r, 0.08, 0.3), sdM = unif(r, 0.03, 0.12);
            double e = unif(r, 0.15, 0.4); // elasticity of the outcome to real use
            ps.append(String.format("B=%.0f e=%.2f sdS=%.2f sdE=%.2f ", B, e, sdS, sdE));
            // deterministic paths (log units)
            double[] adopt = new double[N];     // real adoption (drives the outcome through the coupling)
            double[] tokOnly = new double[N];   // token level change that does not drive the outcome
            double[] good = new double[N];      // direct outcome effect, + = better
            double[] rawUp = new double[N];     // direct log factor on the raw outcome value (crunch, regime)
            int extraLag = 0;
            String kind = tm.kind;
            if (kind.equals("adoption_gain") || kind.equals("lagged_gain")) {
                double m = unif(r, 1.5, 2.5); int d0 = T0 + iunif(r, -7, 14), len = iunif(r, 7, 42);
                for (int t = 0; t < N; t++) adopt[t] = Math.log(m) * ramp(t, d0, len);
                ps.append(String.format("m=%.2f start=%+d len=%d ", m, d0 - T0, len));
                if (kind.equals("lagged_gain")) { extraLag = iunif(r, 21, 56); ps.append("gainDelay=" + extraLag + " "); }
            } else if (kind.equals("regime_change")) {
                int at = iunif(r, 10, N - 10); double sz = unif(r, 0.1, 0.35) * (r.nextBoolean() ? 1 : -1);
                for (int t = at; t < N; t++) rawUp[t] += sz;
                ps.append(String.format("at=%+d logShift=%+.2f ", at - T0, sz));
            } else if (kind.equals("seasonal_crunch")) {
                int len = iunif(r, 21, 56); boolean inPost = r.nextBoolean();
                int at = inPost ? iunif(r, T0, N - len) : iunif(r, 0, T0 - len);
                double tf = unif(r, 1.3, 1.8), of = unif(r, 1.1, 1.3);
                for (int t = at; t < at + len; t++) {
                    double b = Math.sin(Math.PI * (t - at + 0.5) / len);
                    tokOnly[t] += Math.log(tf) * b; rawUp[t] += Math.log(of) * b;
                }
                ps.append(String.format("at=%+d len=%d tok=x%.2f out=x%.2f ", at - T0, len, tf, of));
            } else if (kind.equals("lean")) {
                double f = unif(r, 0.55, 0.75), P = unif(r, 1.15, 1.30); int d0 = T0 + iunif(r, -3, 10), len = iunif(r, 7, 28);
                for (int t = 0; t < N; t++) { double w = ramp(t, d0, len); tokOnly[t] = Math.log(f) * w; good[t] = Math.log(P) * w; }
                ps.append(String.format("tok=x%.2f prod=x%.2f ", f, P));
            }
            if (o.improve) {
                int st = o.impStart + iunif(r, -3, 3);
                for (int t = 0; t < N; t++) good[t] += -Math.log(1 - o.impSize) * ramp(t, st, o.impRamp);
                ps.append(String.format("orgImp=%.2f at=%+d ramp=%d ", o.impSize, st - T0, o.impRamp));
            }
            // stochastic real use
            double[] u = new double[N]; double s = sdS * gauss(r);
            for (int t = 0; t < N; t++) {
                s = phiS * s + Math.sqrt(1 - phiS * phiS) * sdS * (o.heavy ? t3(r) : gauss(r));
                double eps = sdE * (o.heavy ? t3(r) : gauss(r));
                u[t] = adopt[t] + s + eps;
            }
            // coupling signal c_t (log real use driving the outcome)
            double[] c = new double[N];
            int lag = o.coupling.equals("lagged") ? iunif(r, 14, 28) : 0;
            if (lag > 0) ps.append("couplingLag=" + lag + " ");
            for (int t = 0; t < N; t++) {
                int tt = t - extraLag;
                double v;
                switch (o.coupling) {
                    case "short_run": v = tt >= 0 ? u[tt] : u[0] - adopt[0]; break;
                    case "level": { double sm = 0; int n = 0; for (int j = Math.max(0, tt - 27); j <= tt; j++) { sm += u[j]; n++; } v = n > 0 ? sm / n : 0; break; }
                    case "lagged": { double sm = 0; int n = 0; for (int j = Math.max(0, tt - lag - 6); j <= tt - lag; j++) { sm += u[j]; n++; } v = n > 0 ? sm / n : 0; break; }
                    default: v = tt >= 0 ? adopt[tt] : 0; // none: only the deterministic adoption gain, no co-movement
                }
                c[t] = v;
            }
            // real proxy tokens
            double[] real = new double[N];
            for (int t = 0; t < N; t++) {
                double meas = sdM * (o.heavy ? t3(r) : gauss(r));
                real[t] = B * Math.exp(u[t] + tokOnly[t] + meas) * o.wd[dow[t]];
            }
            // gaming: dummy tokens
            double[] dummy = new double[N];
            if (tm.gaming) {
                String g = o.improve ? GAMING_IN_IMPROVE[r.nextInt(GAMING_IN_IMPROVE.length)] : kind;
                if (o.improve) ps.append("pattern=" + g + " ");
                boolean mult = r.nextBoolean(); // dummy proportional to the day's real tokens, else scripted/independent
                boolean followsWeek = r.nextBoolean();
                double baseWd = 0; for (int d = 0; d < 7; d++) baseWd += o.wd[d]; baseWd /= 7;
                ps.append(mult ? "dummy=proportional " : (followsWeek ? "dummy=indep_weekday " : "dummy=indep_flat "));
                double[] factor = new double[N]; // extra multiple of the team's typical tokens
                switch (g) {
                    case "jump": { double J = unif(r, 1.7, 2.1); int st = T0 + iunif(r, 0, 3); for (int t = st; t < N; t++) factor[t] = J - 1; ps.append(String.format("J=%.2f ", J)); break; }
                    case "ramp": { double M = unif(r, 1.5, 3.0); for (int t = T0; t < N; t++) factor[t] = (M - 1) * (t - T0 + 1) / (double) (N - T0); ps.append(String.format("M=%.2f ", M)); break; }
                    case "late_onset": { double J = unif(r, 1.6, 2.2); int st = T0 + iunif(r, 21, 56); for (int t = st; t < N; t++) factor[t] = J - 1; ps.append(String.format("J=%.2f onset=+%d ", J, st - T0)); break; }
                    case "subtle": { double J = unif(r, 1.3, 1.5); for (int t = T0; t < N; t++) factor[t] = J - 1; ps.append(String.format("J=%.2f ", J)); break; }
                    case "bursts": {
                        double K = unif(r, 1.5, 6); boolean sched = r.nextBoolean();
                        if (sched) { int a = r.nextInt(5), b2 = r.nextInt(5); for (int t = T0; t < N; t++) if (dow[t] == a || dow[t] == b2) factor[t] = K; ps.append(String.format("bursts=scheduled K=%.1f days=%d,%d ", K, a, b2)); }
                        else { double p = unif(r, 0.04, 0.15); for (int t = T0; t < N; t++) if (r.nextDouble() < p) { int L = iunif(r, 1, 4); for (int j = t; j < Math.min(N, t + L); j++) factor[j] = K; t += L; } ps.append(String.format("bursts=random K=%.1f p=%.2f ", K, p)); }
                        mult = false; followsWeek = false; break;
                    }
                    default: break; // bunching handled below
                }
                for (int t = 0; t < N; t++) {
                    if (factor[t] == 0) continue;
                    if (mult) dummy[t] = factor[t] * real[t];
                    else dummy[t] = factor[t] * B * (followsWeek ? o.wd[dow[t]] : baseWd) * Math.exp(0.1 * gauss(r));
                }
                if (g.equals("bunching")) {
                    double q = unif(r, 1.2, 2.0);
                    double[] pre = new double[T0]; int n = 0;
                    for (int t = 0; t < T0; t++) if (dow[t] < 5) pre[n++] = real[t];
                    double[] pw = Arrays.copyOf(pre, n); Arrays.sort(pw);
                    double Q = q * pw[n / 2];
                    for (int t = T0; t < N; t++) if (dow[t] < 5 && real[t] < Q) dummy[t] = Q * (1 + Math.abs(0.03 * gauss(r))) - real[t];
                    ps.append(String.format("quota=%.2fxmedian ", q));
                }
                double sr = 0, st = 0; for (int t = T0; t < N; t++) { sr += real[t]; st += real[t] + dummy[t]; }
                tm.inflation = st / sr - 1;
            } else {
                // for honest teams, inflation = change of mean tokens post vs pre (context only)
                double a = 0, b = 0; for (int t = 0; t < T0; t++) a += real[t]; for (int t = T0; t < N; t++) b += real[t];
                tm.inflation = (b / (N - T0)) / (a / T0) - 1;
            }
            // outcome
            double[] out = new double[N]; double z = 0;
            double sig = (o.otype.equals("cycle_time") ? unif(r, 0.12, 0.35) : unif(r, 0.08, 0.3)) * o.outcomeNoise;
            double lvl = o.otype.equals("cycle_time") ? unif(r, 1.5, 8) : o.otype.equals("count") ? unif(r, 0.4, 5) : unif(r, 0.05, 0.25);
            double nu = unif(r, 2, 15);
            ps.append(String.format("sig=%.2f lvl=%.2f ", sig, lvl));
            if (o.otype.equals("fail_rate")) ps.append(String.format("changes/day=%.1f ", nu));
            z = sig * gauss(r);
            for (int t = 0; t < N; t++) {
                z = o.phi * z + Math.sqrt(1 - o.phi * o.phi) * sig * (o.heavy ? t3(r) : gauss(r));
                double better = e * c[t] + good[t];
                double noise = z + (o.heavy && r.nextDouble() < 0.01 ? Math.log(unif(r, 2, 4)) * (r.nextBoolean() ? 1 : -1) : 0);
                switch (o.otype) {
                    case "cycle_time": out[t] = lvl * Math.exp(-better + rawUp[t] + noise); break;
                    case "count": out[t] = poisson(r, lvl * Math.exp(better + rawUp[t] + noise)); break;
                    default: {
                        int n = poisson(r, nu);
                        double p = Math.min(0.95, lvl * Math.exp(-better + rawUp[t] + noise));
                        out[t] = n == 0 ? Double.NaN : binom(r, n, p) / (double) n;
                    }
                }
            }
            // missing days
            double[] tok = new double[N];
            for (int t = 0; t < N; t++) tok[t] = real[t] + dummy[t];
            if (o.miss > 0) {
                for (int t = 0; t < N; t++) {
                    if (r.nextDouble() < o.miss * 0.6) { tok[t] = Double.NaN; out[t] = Double.NaN; }
                    if (r.nextDouble() < o.miss * 0.2) tok[t] = Double.NaN;
                    if (r.nextDouble() < o.miss * 0.2) out[t] = Double.NaN;
                }
                if (r.nextBoolean()) { int L = iunif(r, 3, 10), at = iunif(r, 0, N - L); for (int t = at; t < at + L; t++) { tok[t] = Double.NaN; out[t] = Double.NaN; } ps.append("gap=" + (at - T0) + "+" + L + " "); }
            }
            tm.tokens = tok; tm.outcome = out; tm.params = ps.toString().trim();
            o.teams.add(tm);
            for (int t = 0; t < N; t++) {
                LocalDate d = o.start.plusDays(t);
                if (!Double.isNaN(tok[t])) o.obs.add(new Observation(d, tm.name, "tokens", tok[t]));
                if (!Double.isNaN(out[t])) o.obs.add(new Observation(d, tm.name, outName, out[t]));
            }
        }
    }
}
