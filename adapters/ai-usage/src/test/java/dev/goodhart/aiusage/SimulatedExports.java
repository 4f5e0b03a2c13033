package dev.goodhart.aiusage;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Simulated exports with known ground truth, written in the published shapes by {@link ExportWriter}: the sample
 * files in {@code samples/}, the end-to-end tests and the benchmark use them. Genuine developers have a personal
 * level and bursty days (gamma swings, weekends mostly off); scripted actors are bot accounts (the same number of
 * prompts every day), quota top-ups (a person plus a fixed number of prompts every working day from a given day)
 * and, for Bedrock, a pinger (one canned question every five minutes).
 */
final class SimulatedExports {
    static final LocalDate START = LocalDate.of(2025, 9, 1); // a Monday

    private SimulatedExports() {
    }

    /** A simulated actor: name, team and kind ("dev", "bot", "topup"). */
    record Actor(String name, String team, String kind, long id) {
        boolean scripted() {
            return !kind.equals("dev");
        }
    }

    /** Developers per team plus scripted actors. */
    static List<Actor> actors(List<String> teams, int devs, Map<String, List<String>> scripted) {
        List<Actor> out = new ArrayList<>();
        long id = 1000;
        for (String team : teams) {
            for (int i = 1; i <= devs; i++) {
                out.add(new Actor(team + "-dev-" + i, team, "dev", id++));
            }
            for (String kind : scripted.getOrDefault(team, List.of())) {
                out.add(new Actor(team + "-" + kind, team, kind, id++));
            }
        }
        return out;
    }

    /** Copilot user-days: {@code days} days from {@link #START}; scripts start on day {@code scriptFrom}. */
    static List<ExportWriter.CopilotDay> copilot(List<Actor> actors, int days, int scriptFrom, long seed) {
        List<ExportWriter.CopilotDay> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        Map<Actor, double[]> person = new LinkedHashMap<>();
        for (Actor a : actors) {
            SplittableRandom r = root.split();
            person.put(a, new double[] {12 * Math.exp(0.6 * gaussian(r)), 5 + 30 * r.nextDouble(),
                0.2 + 0.2 * r.nextDouble(), 100 + r.nextInt(100), r.nextInt(4) == 0 ? 1 : 0, r.nextLong()});
        }
        for (int d = 0; d < days; d++) {
            LocalDate day = START.plusDays(d);
            boolean weekend = d % 7 >= 5;
            for (Actor a : actors) {
                double[] p = person.get(a);
                SplittableRandom r = new SplittableRandom((long) p[5] + d);
                long prompts = 0;
                long generations = 0;
                long acceptances = 0;
                long cli = 0;
                boolean script = d >= scriptFrom;
                if (!a.kind().equals("bot") && (!weekend || r.nextInt(12) == 0)) {
                    double mult = gamma(r, 2) / 2 * (weekend ? 0.3 : 1);
                    prompts = poisson(r, p[0] * mult);
                    generations = poisson(r, (prompts * 1.3 + p[1]) * (weekend ? 0.3 : 1));
                    acceptances = Math.min(generations, poisson(r, generations * p[2]));
                    cli = p[4] > 0 ? poisson(r, 3 * mult) : 0;
                }
                if (a.kind().equals("bot") && script) {
                    prompts = (long) p[3] * 2;
                    generations = prompts;
                } else if (a.kind().equals("topup") && script && !weekend) {
                    prompts += (long) p[3];
                    generations += (long) p[3];
                }
                if (prompts + generations + cli == 0) {
                    continue;
                }
                long suggested = generations * (3 + r.nextInt(3));
                long added = Math.min(suggested, acceptances * (4 + r.nextInt(3)));
                double credits = a.id() % 5 == 0 ? Math.round((prompts + cli) * 0.25 * 4) / 4.0 : Double.NaN;
                out.add(new ExportWriter.CopilotDay(day, a.name(), a.id(), prompts, generations, acceptances,
                        suggested, added, cli, credits));
            }
        }
        return out;
    }

    /** Bedrock invocations over {@code days} days, time-ordered; pingers ask a canned question every five minutes. */
    static List<ExportWriter.Invocation> bedrock(List<Actor> actors, int days, long seed) {
        List<ExportWriter.Invocation> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        String[] models = {"anthropic.claude-3-haiku-20240307-v1:0", "anthropic.claude-3-5-sonnet-20240620-v1:0"};
        String[] canned = {"What is the capital of France?", "Say hello.", "What is 2 + 2?"};
        for (Actor a : actors) {
            SplittableRandom r = root.split();
            String arn = a.scripted() ? "arn:aws:iam::123456789012:user/" + a.name()
                    : "arn:aws:sts::123456789012:assumed-role/DeveloperRole/" + a.name();
            double start = 7.5 + 2 * r.nextDouble();
            int serial = 0;
            for (int d = 0; d < days; d++) {
                long day = START.plusDays(d).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                if (a.scripted()) {
                    for (double h = 9; h < 17; h += (300 + 10 * r.nextDouble() - 5) / 3600.0) {
                        out.add(new ExportWriter.Invocation(Instant.ofEpochMilli(day + Math.round(h * 3_600_000)), arn,
                                models[0], 12 + r.nextInt(4), 8 + r.nextInt(8), canned[r.nextInt(3)]));
                    }
                    continue;
                }
                for (int s = 0; s < 8; s++) {
                    long t = day + Math.round((start + 8.5 * r.nextDouble()) * 3_600_000);
                    int n = 1 + (int) (-Math.log(1 - r.nextDouble()) * 6);
                    String topic = topic(r);
                    for (int q = 0; q < n; q++) {
                        if (r.nextDouble() > 0.6) {
                            topic = topic(r);
                        }
                        out.add(new ExportWriter.Invocation(Instant.ofEpochMilli(t), arn, models[r.nextInt(2)],
                                Math.max(20, Math.round(600 * Math.exp(0.8 * gaussian(r)))),
                                Math.max(20, Math.round(500 * Math.exp(0.7 * gaussian(r)))),
                                topic + ", step " + serial++ + ": keep the public interface"));
                        t += Math.round(60_000 * Math.exp(gaussian(r)));
                    }
                }
            }
        }
        out.sort((x, y) -> x.time().compareTo(y.time()));
        return out;
    }

    private static final String[] VERBS = {"Refactor", "Explain", "Test", "Document", "Optimise", "Review", "Debug",
        "Rename", "Split", "Port"};
    private static final String[] NOUNS = {"parser", "scheduler", "cache", "billing", "router", "importer", "exporter",
        "session", "ledger", "search", "renderer", "queue", "gateway", "profile", "auth", "payments", "inventory",
        "pricing", "reports", "metrics"};

    /** A request's opening words: its topic (the fingerprint's first two content words). */
    private static String topic(SplittableRandom r) {
        return VERBS[r.nextInt(VERBS.length)] + " the " + NOUNS[r.nextInt(NOUNS.length)] + " module";
    }

    /** OpenAI daily buckets grouped by user and API key: scripted actors run under an API key of their own. */
    static List<ExportWriter.Bucket> openAi(List<Actor> actors, int days, long seed) {
        List<ExportWriter.Bucket> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(seed);
        Map<Actor, double[]> person = new LinkedHashMap<>();
        for (Actor a : actors) {
            SplittableRandom r = root.split();
            person.put(a, new double[] {30 * Math.exp(0.6 * gaussian(r)), 300 + r.nextInt(300), r.nextLong()});
        }
        for (int d = 0; d < days; d++) {
            long start = START.plusDays(d).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            boolean weekend = d % 7 >= 5;
            List<ExportWriter.Result> results = new ArrayList<>();
            for (Actor a : actors) {
                double[] p = person.get(a);
                SplittableRandom r = new SplittableRandom((long) p[2] + d);
                long requests;
                if (a.scripted()) {
                    requests = (long) p[1];
                } else if (!weekend || r.nextInt(12) == 0) {
                    requests = poisson(r, p[0] * gamma(r, 2) / 2 * (weekend ? 0.3 : 1));
                } else {
                    continue;
                }
                if (requests == 0) {
                    continue;
                }
                long in = requests * (400 + r.nextInt(800));
                long outTok = requests * (200 + r.nextInt(600));
                results.add(new ExportWriter.Result(in, outTok, in / 3, requests, a.scripted() ? null : "user-" + a.name(),
                        a.scripted() ? "key_" + a.name() : "key_personal_" + a.id(), null, "gpt-4o-mini-2024-07-18"));
            }
            out.add(new ExportWriter.Bucket(start, start + 86_400, results));
        }
        return out;
    }

    /** The actor map of the actors, as CSV with a header. */
    static String teams(List<Actor> actors, boolean openAiNames) {
        StringBuilder sb = new StringBuilder("actor,segment\n");
        for (Actor a : actors) {
            String name = openAiNames ? (a.scripted() ? "key:key_" + a.name() : "user-" + a.name()) : a.name();
            sb.append(name).append(',').append(a.team()).append('\n');
        }
        return sb.toString();
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
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /** Lower-case hex of a long, for ids. */
    static String hex(long v) {
        return String.format(Locale.ROOT, "%016x", v);
    }
}
