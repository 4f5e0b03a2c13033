package dev.goodhart.activity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulated day-level exports (one record per user and day, like GitHub Copilot's user-level metrics) with known
 * ground truth, for {@link DailyActivityScorer}.
 *
 * <p>Genuine people: a personal level of daily prompts (log-normal across people, median 15 a day) and day-to-day
 * swings (gamma, CV about 0.7; 0.4 for heavy steady users), weekends mostly off, a vacation week for one in five,
 * acceptances from completions and chat at a personal rate. Styles: office worker; chat-heavy questioner (many
 * prompts, few acceptances); completion-only user; heavy steady user (80 a day); Sunday-to-Thursday week;
 * Asia-Pacific (UTC+9: part of Monday's work falls on Sunday in UTC); Americas (UTC-8: part of Friday's falls on
 * Saturday); part-timer (Monday to Wednesday); weekend on-call (every other weekend); new joiner (starts in week 3).
 *
 * <p>Scripted: bot account (one login, the same number of prompts every day of the week, nothing accepted); quota
 * top-up (a person plus the same number of extra prompts every working day); everyday filler (a person plus a random
 * 50-150 prompts every day, weekends included); replay (identical counts, acceptances included, every working day);
 * auto-accepter (a script that prompts and accepts a fixed amount every working day on top of a person); and the
 * stealth filler (measured, not expected: a person plus a random 30-120 prompts on working days only, the limit of
 * what day-level counts show).
 */
final class DailyUsageSimulation {
    /** Kinds of actor. */
    enum Kind {
        OFFICE(false), QUESTIONER(false), COMPLETIONS(false), HEAVY(false), SUN_THU(false), APAC(false),
        AMERICAS(false), PART_TIME(false), ON_CALL(false), NEW_JOINER(false),
        BOT(true), TOP_UP(true), EVERYDAY(true), REPLAY(true), AUTO_ACCEPT(true), STEALTH(true);

        final boolean scripted;

        Kind(boolean scripted) {
            this.scripted = scripted;
        }
    }

    /** An actor with its ground truth. */
    record Actor(String segment, String name, Kind kind) {
    }

    static final LocalDate START = LocalDate.of(2025, 9, 1); // a Monday
    static final int DAYS = 28;

    private DailyUsageSimulation() {
    }

    /** {@code teams} teams of {@code genuine} people of mixed styles and {@code perKind} of each scripted kind. */
    static List<Actor> organisation(int teams, int genuine, int perKind, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Kind[] styles = {Kind.OFFICE, Kind.OFFICE, Kind.OFFICE, Kind.OFFICE, Kind.QUESTIONER, Kind.COMPLETIONS,
                Kind.HEAVY, Kind.APAC, Kind.AMERICAS, Kind.PART_TIME, Kind.ON_CALL, Kind.NEW_JOINER};
        List<Actor> out = new ArrayList<>();
        for (int t = 0; t < teams; t++) {
            String seg = "team-" + (char) ('a' + t);
            for (int i = 0; i < genuine; i++) {
                Kind k = t == 4 ? Kind.SUN_THU : styles[r.nextInt(styles.length)];
                out.add(new Actor(seg, seg + "-dev-" + i, k));
            }
            for (Kind k : Kind.values()) {
                for (int i = 0; k.scripted && i < perKind; i++) {
                    out.add(new Actor(seg, seg + "-" + k.name().toLowerCase(Locale.ROOT) + "-" + i, k));
                }
            }
        }
        return out;
    }

    /**
     * The actor's records in day order; {@code acceptance} false drops prompts and acceptances as an API usage export
     * would (requests and tokens only).
     */
    static void records(Actor a, long seed, boolean acceptance, Consumer<DailyUsage> sink) {
        SplittableRandom r = new SplittableRandom(seed);
        Kind k = a.kind();
        double level = switch (k) {
            case HEAVY -> 80 * Math.exp(0.3 * gaussian(r));
            case QUESTIONER -> 40 * Math.exp(0.4 * gaussian(r));
            case COMPLETIONS -> 1.5;
            default -> 15 * Math.exp(0.7 * gaussian(r));
        };
        double shape = k == Kind.HEAVY ? 6 : 2;
        double acceptPerPrompt = k == Kind.QUESTIONER ? 0.05 + 0.1 * r.nextDouble() : 0.3 + 0.6 * r.nextDouble();
        double completions = k == Kind.COMPLETIONS ? 25 : k == Kind.BOT ? 0 : 6 * r.nextDouble();
        int vacation = r.nextInt(5) == 0 ? r.nextInt(3) : -1;
        long fixed = 100 + r.nextInt(100);
        long replayPrompts = 20 + r.nextInt(40);
        long replayAccepts = 3 + r.nextInt(10);
        long[] carry = new long[2];
        for (int d = 0; d < DAYS; d++) {
            LocalDate day = START.plusDays(d);
            int dow = d % 7; // 0 = Monday
            boolean work = switch (k) {
                case SUN_THU -> dow <= 3 || dow == 6;
                case PART_TIME -> dow <= 2;
                case ON_CALL -> dow <= 4 || (d / 7) % 2 == 0;
                case NEW_JOINER -> dow <= 4 && d >= 14;
                default -> dow <= 4;
            };
            if (vacation >= 0 && d / 7 == vacation + 1) {
                work = false;
            }
            long prompts = 0;
            long generations = 0;
            long accepts = 0;
            if (k != Kind.BOT && k != Kind.REPLAY && (work || r.nextInt(15) == 0)) {
                double mult = gamma(r, shape) / shape;
                prompts = poisson(r, level * mult * (work ? 1 : 0.3));
                generations = poisson(r, (prompts * 1.3 + completions * 4) * (work ? 1 : 0.3));
                accepts = Math.min(generations, poisson(r, prompts * acceptPerPrompt + completions));
            }
            switch (k) {
                case BOT -> prompts = fixed;
                case TOP_UP -> prompts += work ? fixed : 0;
                case EVERYDAY -> prompts += 50 + r.nextInt(101);
                case STEALTH -> prompts += work ? 30 + r.nextInt(91) : 0;
                case REPLAY -> {
                    if (work) {
                        prompts = replayPrompts;
                        generations = replayPrompts;
                        accepts = replayAccepts;
                    }
                }
                case AUTO_ACCEPT -> {
                    if (work) {
                        prompts += fixed / 2;
                        generations += fixed / 2;
                        accepts += fixed / 2;
                    }
                }
                default -> {
                }
            }
            // a far time zone moves part of a day's use to the neighbouring UTC date
            long[] today = {prompts, accepts};
            if (k == Kind.APAC || k == Kind.AMERICAS) {
                long movedP = Math.round(prompts * 0.4);
                long movedA = Math.round(accepts * 0.4);
                today[0] -= movedP;
                today[1] -= movedA;
                if (k == Kind.APAC) {
                    // Monday morning in Tokyo is Sunday in UTC: the moved part belongs to the previous date
                    emitPrevious(a, day.minusDays(1), movedP, movedA, acceptance, sink, d == 0);
                } else {
                    today[0] += carry[0];
                    today[1] += carry[1];
                    carry[0] = movedP;
                    carry[1] = movedA;
                }
            }
            long p = today[0];
            long acc = Math.min(today[1], Math.max(generations, today[1]));
            if (p == 0 && acc == 0 && generations == 0) {
                continue;
            }
            sink.accept(record(a, day, p, Math.max(generations, acc), acc, acceptance, r));
        }
    }

    private static void emitPrevious(Actor a, LocalDate day, long prompts, long accepts, boolean acceptance,
            Consumer<DailyUsage> sink, boolean beforeStart) {
        if (beforeStart || prompts == 0 && accepts == 0) {
            return;
        }
        sink.accept(record(a, day, prompts, accepts, accepts, acceptance, new SplittableRandom(day.toEpochDay())));
    }

    private static DailyUsage record(Actor a, LocalDate day, long prompts, long generations, long accepts,
            boolean acceptance, SplittableRandom r) {
        DailyUsage.Builder b = DailyUsage.builder(day, a.name()).segment(a.segment());
        long tokens = prompts * (800 + r.nextInt(800));
        if (acceptance) {
            b.prompts(prompts).generations(generations).acceptances(accepts).suggestedLines(generations * 6)
                    .acceptedLines(accepts * 5).tokens(tokens);
        } else {
            b.requests(Math.round(prompts * 1.5)).tokens(tokens);
        }
        return b.build();
    }

    static long poisson(SplittableRandom r, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 50) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(r)));
        }
        double l = Math.exp(-mean);
        long k = 0;
        double p = 1;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    /** A gamma variate of the given shape and scale 1 (Marsaglia and Tsang). */
    static double gamma(SplittableRandom r, double shape) {
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x = gaussian(r);
            double v = Math.pow(1 + c * x, 3);
            if (v > 0 && Math.log(1 - r.nextDouble()) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    static double gaussian(SplittableRandom r) {
        return ActivitySimulation.gaussian(r);
    }
}
