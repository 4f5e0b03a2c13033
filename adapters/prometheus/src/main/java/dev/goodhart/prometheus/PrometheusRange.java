package dev.goodhart.prometheus;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import dev.goodhart.source.SourceException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads metric observations from a Prometheus range query ({@code POST /api/v1/query_range}) with the JDK's
 * {@link HttpClient}: every series of the matrix result becomes one observation per returned point, dated in
 * {@link Builder#zone(ZoneId)} (UTC by default), its segment the value of {@link Builder#segmentLabel(String)} (the
 * whole organisation when the label is absent) and its metric {@link Builder#metric(String)}, or the series'
 * {@code __name__} label when no metric name is set. Aggregate in PromQL so that one series remains per segment
 * (e.g. {@code sum by (team) (increase(ai_tokens_total[1d] offset -1d))}); series that share a segment give several
 * observations per date, which a {@link Frame} aggregates with the metric's aggregation. {@link #read(LocalDate,
 * LocalDate)} evaluates each day at its start, where {@code increase(ai_tokens_total[1d])} covers the day before:
 * {@code offset -1d} (Prometheus 2.33 or newer) makes it the day's own.
 *
 * <p>Prometheus answers each step with the latest sample at most five minutes old (its lookback delta): choose
 * {@code start} and {@link Builder#step(Duration)} so that the steps fall on or just after the sample times, e.g.
 * daily samples at 00:00 UTC read with a step of one day from a day's start. Values are Prometheus' shortest
 * round-trip decimals, so they come back as the same doubles; {@code NaN} is an explicitly missing value; an
 * infinite value is an {@link InvalidDataException}.
 *
 * <p>Failures are {@link SourceException}s naming the URL, with the HTTP status where there was a response and a
 * reason: {@code UNAVAILABLE} (connection refused, no connection within the connect timeout), {@code TIMEOUT} (no
 * complete response, headers and body, within the request timeout), {@code AUTHENTICATION} (401, 403), {@code QUERY}
 * (any other error status, with Prometheus' {@code errorType} as {@link SourceException#code()} and its
 * {@code error} in the message), {@code TOO_LARGE} (a body over {@link Builder#maxResponseBytes(long)}, refused before
 * it is parsed). A response that is not the documented JSON is an {@link InvalidDataException} with the URL, line and
 * column. Reads are all-or-nothing. {@link #source(LocalDate, LocalDate)} makes the query over a range of days an
 * {@link ObservationSource}, which also says when the result is empty or its series lack the segment label.
 *
 * <p>Instances are immutable and thread-safe. The JDK {@link HttpClient} runs its own selector thread; pass your own
 * client to {@link Builder#httpClient(HttpClient)} to control it, or one is created per {@code PrometheusRange}.
 *
 * <pre>{@code
 * PrometheusRange range = PrometheusRange.builder(URI.create("http://prometheus:9090"),
 *         "sum by (team) (increase(ai_tokens_total[1d] offset -1d))")
 *     .metric("tokens").segmentLabel("team").step(Duration.ofDays(1)).bearerToken(token).build();
 * List<Observation> rows = range.read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-06-30"));
 * }</pre>
 */
public final class PrometheusRange {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusRange.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ERROR_EXCERPT = 300;

    private final URI endpoint;
    private final String query;
    private final String metric;
    private final String segmentLabel;
    private final Duration step;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final String authorization;
    private final long maxResponseBytes;
    private final ZoneId zone;
    private final HttpClient client;

    private PrometheusRange(Builder b) {
        this.endpoint = b.endpoint;
        this.query = b.query;
        this.metric = b.metric;
        this.segmentLabel = b.segmentLabel;
        this.step = b.step;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.authorization = b.authorization;
        this.maxResponseBytes = b.maxResponseBytes;
        this.zone = b.zone;
        this.client = b.client != null ? b.client
                : HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * Starts a range query against the Prometheus server at {@code baseUrl} (e.g. {@code http://prometheus:9090},
     * or a path prefix such as {@code https://host/prometheus}).
     *
     * @throws IllegalArgumentException if the URL is not absolute http(s), carries user info, or the query is blank
     */
    public static Builder builder(URI baseUrl, String query) {
        return new Builder(baseUrl, query);
    }

    /** The URL queried: the base URL with {@code /api/v1/query_range}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The PromQL expression. */
    public String query() {
        return query;
    }

    /** The step between evaluation times. */
    public Duration step() {
        return step;
    }

    /**
     * Evaluates the query at the start of each day from {@code firstDay} to {@code lastDay} (both included) in the
     * reader's zone, stepping by {@link #step()}.
     *
     * @throws SourceException         if the server cannot be reached or answers with an error
     * @throws InvalidDataException     if the response is not a valid matrix result
     * @throws IllegalArgumentException if {@code lastDay} is before {@code firstDay}
     */
    public List<Observation> read(LocalDate firstDay, LocalDate lastDay) throws SourceException {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        return read(firstDay.atStartOfDay(zone).toInstant(), lastDay.atStartOfDay(zone).toInstant());
    }

    /**
     * Evaluates the query from {@code start} to {@code end} (both included) every {@link #step()} and returns the
     * observations, only after the whole response was read.
     *
     * @throws SourceException         if the server cannot be reached or answers with an error
     * @throws InvalidDataException     if the response is not a valid matrix result
     * @throws IllegalArgumentException if {@code end} is before {@code start}
     */
    public List<Observation> read(Instant start, Instant end) throws SourceException {
        return query(start, end).observations;
    }

    private Result query(Instant start, Instant end) throws SourceException {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("time range: end (" + end + ") is before start (" + start + ")");
        }
        byte[] body = fetch(start, end);
        return parse(body);
    }

    /**
     * The query evaluated over the days from {@code firstDay} to {@code lastDay} (as {@link #read(LocalDate,
     * LocalDate)}) as an {@link ObservationSource} named by the URL and the query, asking the server again on every
     * {@link ObservationSource#read}. Every point is a timed sample (several a day are aggregated, never
     * duplicates). A result without a single series is a {@link SourceException} of reason {@code EMPTY}; series
     * without the {@link Builder#segmentLabel segment label} are the organisation's own series (they replace the sum of
     * the segments in its row), and the sink is warned
     * ({@link dev.goodhart.source.ObservationSink#warning}) with the labels they have, so that a mistyped label does
     * not pass for an organisation without teams.
     *
     * @throws IllegalArgumentException if {@code lastDay} is before {@code firstDay}
     */
    public ObservationSource source(LocalDate firstDay, LocalDate lastDay) {
        Objects.requireNonNull(firstDay, "firstDay");
        Objects.requireNonNull(lastDay, "lastDay");
        if (lastDay.isBefore(firstDay)) {
            throw new IllegalArgumentException("time range: lastDay (" + lastDay + ") is before firstDay (" + firstDay
                    + ")");
        }
        String name = source();
        return ObservationSource.of(name, sink -> {
            Result r = query(firstDay.atStartOfDay(zone).toInstant(), lastDay.atStartOfDay(zone).toInstant());
            if (r.series == 0) {
                throw new SourceException(Reason.EMPTY, name, "no series from " + firstDay + " to " + lastDay
                        + " (check the query and the time range)", null);
            }
            if (r.unlabelled > 0) {
                sink.warning(name + ": " + r.unlabelled + " of " + r.series + " series " + (r.unlabelled == 1 ? "has"
                        : "have") + " no label '" + segmentLabel + "' (" + (r.labels.isEmpty() ? "they have no labels"
                        : "their labels: " + String.join(", ", r.labels)) + "); they are the organisation's own "
                        + "series and replace the sum of the segments in its row");
            }
            for (Observation o : r.observations) {
                sink.accept(o, 0, 0, true);
            }
            return r.observations.size();
        });
    }

    /**
     * Reads the days from {@code firstDay} to {@code lastDay} straight into a {@link Frame} for {@code model}.
     *
     * @throws SourceException         if the server cannot be reached or answers with an error
     * @throws InvalidDataException     if the response is not a valid matrix result
     * @throws IllegalArgumentException if no observation belongs to a metric of the model
     */
    public Frame frame(IntegrityModel model, LocalDate firstDay, LocalDate lastDay) throws SourceException {
        Objects.requireNonNull(model, "model");
        // samples at each step: several a day are aggregated as each metric declares, never duplicates
        Frame.Builder b = Frame.builder(model);
        for (Observation o : read(firstDay, lastDay)) {
            b.addTimed(o);
        }
        return b.build();
    }

    private String source() {
        return endpoint + " (query '" + query + "')";
    }

    private byte[] fetch(Instant start, Instant end) throws SourceException {
        String form = "query=" + enc(query) + "&start=" + seconds(start) + "&end=" + seconds(end)
                + "&step=" + seconds(step) + "&timeout=" + seconds(requestTimeout);
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint).timeout(requestTimeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form, StandardCharsets.UTF_8));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        String url = endpoint.toString();
        // one deadline for the whole exchange, headers and body: the request timeout alone covers only the headers,
        // and a server that stalls after them would hang the read forever
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        java.util.concurrent.atomic.AtomicBoolean headers = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request.build(),
                info -> {
                    headers.set(true);
                    return new LimitedBody(maxResponseBytes, info.statusCode(),
                            info.headers().firstValueAsLong("Content-Length"));
                });
        HttpResponse<byte[]> response;
        try {
            response = exchange.get(Math.max(1, deadline - System.nanoTime()), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            exchange.cancel(true);
            throw new SourceException(Reason.TIMEOUT, url, (headers.get() ? "response not complete within "
                    : "no response within ") + requestTimeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            InterruptedIOException interrupted = new InterruptedIOException(url + ": interrupted while querying");
            interrupted.initCause(e);
            throw SourceException.of(url, interrupted); // sets the interrupt flag again
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof LimitedBody.TooLarge tooLarge) {
                throw tooLarge(url, tooLarge.status, tooLarge.getMessage());
            }
            if (cause instanceof HttpConnectTimeoutException) {
                throw new SourceException(Reason.UNAVAILABLE, url, "no connection within " + connectTimeout.toMillis()
                        + " ms", cause);
            }
            if (cause instanceof HttpTimeoutException) {
                throw new SourceException(Reason.TIMEOUT, url, "no response within " + requestTimeout.toMillis()
                        + " ms", cause);
            }
            if (cause instanceof ConnectException) {
                throw new SourceException(Reason.UNAVAILABLE, url, "cannot connect (" + describe(cause) + ")", cause);
            }
            IOException io = cause instanceof IOException x ? x : new IOException(String.valueOf(cause), cause);
            throw new SourceException(Reason.UNAVAILABLE, url, "request failed (" + describe(io) + ")", io);
        }
        int status = response.statusCode();
        byte[] body = response.body();
        LOG.debug("{}: HTTP {}, {} bytes", url, status, body.length);
        if (status == 401 || status == 403) {
            throw new SourceException(Reason.AUTHENTICATION, url, "HTTP " + status + (status == 401
                    ? " Unauthorized: the server wants valid credentials (bearer token or basic auth)"
                    : " Forbidden: the credentials were not accepted for this query") + errorSuffix(body), status,
                    null, null);
        }
        if (status < 200 || status >= 300) {
            JsonNode error = tryJson(body);
            String errorType = text(error, "errorType");
            String message = text(error, "error");
            String detail = message != null
                    ? "Prometheus error" + (errorType != null ? " (" + errorType + ")" : "") + " in the query '" + query
                            + "': " + message
                    : "response: " + excerpt(body);
            throw new SourceException(Reason.QUERY, url, "HTTP " + status + ", " + detail, status, errorType, null);
        }
        return body;
    }

    private SourceException tooLarge(String url, int status, String what) {
        return new SourceException(Reason.TOO_LARGE, url, what + ", over the limit of " + maxResponseBytes
                + " bytes; narrow the query or the time range, or raise maxResponseBytes", status, null, null);
    }

    /** A parsed matrix: its observations, how many series, and those without the segment label with their labels. */
    private record Result(List<Observation> observations, int series, int unlabelled, Set<String> labels) {
    }

    private Result parse(byte[] body) {
        String source = source();
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidDataException(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "expected a Prometheus JSON response, " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new InvalidDataException(source, 0, 0, "expected a Prometheus JSON response: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDataException(source, 0, 0, "expected a JSON object, found " + excerpt(body));
        }
        if ("error".equals(text(root, "status"))) {
            throw new InvalidDataException(source, 0, 0, "Prometheus error (" + text(root, "errorType") + "): "
                    + text(root, "error"));
        }
        JsonNode data = root.path("data");
        String resultType = text(data, "resultType");
        if (!"success".equals(text(root, "status")) || !"matrix".equals(resultType)) {
            throw new InvalidDataException(source, 0, 0, "expected \"status\": \"success\" with a \"matrix\" result, "
                    + "found status " + text(root, "status") + " and result type " + resultType);
        }
        if (root.has("warnings")) {
            LOG.debug("{}: Prometheus warnings {}", source, root.get("warnings"));
        }
        JsonNode result = data.path("result");
        if (!result.isArray()) {
            throw new InvalidDataException(source, 0, 0, "expected data.result to be an array");
        }
        List<Observation> out = new ArrayList<>();
        int unlabelled = 0;
        Set<String> labelsOfUnlabelled = new TreeSet<>();
        for (int s = 0; s < result.size(); s++) {
            JsonNode series = result.get(s);
            JsonNode labels = series.path("metric");
            if (segmentLabel != null && text(labels, segmentLabel) == null) {
                unlabelled++;
                labels.fieldNames().forEachRemaining(labelsOfUnlabelled::add);
            }
            String name = metric != null ? metric : text(labels, "__name__");
            if (name == null || name.isBlank()) {
                throw new InvalidDataException(source, 0, 0, "series " + (s + 1) + " " + labels
                        + " has no __name__ label (the query transforms it away): set a metric name with metric(...)");
            }
            String segment = segmentLabel == null ? Segments.ALL : Segments.normalise(text(labels, segmentLabel));
            JsonNode values = series.path("values");
            if (!values.isArray()) {
                throw new InvalidDataException(source, 0, 0, "series " + (s + 1) + " " + labels + " has no values array");
            }
            for (Iterator<JsonNode> it = values.elements(); it.hasNext(); ) {
                JsonNode point = it.next();
                if (!point.isArray() || point.size() != 2 || !point.get(0).isNumber() || !point.get(1).isTextual()) {
                    throw new InvalidDataException(source, 0, 0, "series " + (s + 1) + " " + labels
                            + ": expected a point [<unix seconds>, \"<value>\"], found " + point);
                }
                Instant at = instant(point.get(0).decimalValue());
                double value = value(point.get(1).asText(), source, labels, at);
                out.add(new Observation(at.atZone(zone).toLocalDate(), segment, name, value));
            }
        }
        LOG.debug("{}: {} series, {} observations", source, result.size(), out.size());
        return new Result(out, result.size(), unlabelled, labelsOfUnlabelled);
    }

    private static double value(String text, String source, JsonNode labels, Instant at) {
        double v;
        try {
            // Prometheus writes Go floats: NaN, +Inf, -Inf or a decimal
            v = switch (text) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                case "NaN" -> Double.NaN;
                default -> Double.parseDouble(text);
            };
        } catch (NumberFormatException e) {
            throw new InvalidDataException(source, 0, 0, labels + " at " + at + ": expected a number, found '"
                    + text + "'", e);
        }
        if (Double.isInfinite(v)) {
            throw new InvalidDataException(source, 0, 0, labels + " at " + at + ": expected a finite value, found "
                    + text);
        }
        return v;
    }

    private static Instant instant(BigDecimal seconds) {
        BigDecimal whole = new BigDecimal(seconds.toBigInteger());
        long nanos = seconds.subtract(whole).movePointRight(9).longValue();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static String seconds(Instant t) {
        return new BigDecimal(t.getEpochSecond()).add(BigDecimal.valueOf(t.getNano(), 9)).stripTrailingZeros()
                .toPlainString();
    }

    private static String seconds(Duration d) {
        return new BigDecimal(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros()
                .toPlainString();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode tryJson(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static String errorSuffix(byte[] body) {
        JsonNode error = tryJson(body);
        String message = text(error, "error");
        return message != null ? " (" + message + ")" : body.length == 0 ? "" : " (" + excerpt(body) + ")";
    }

    private static String excerpt(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, ERROR_EXCERPT), StandardCharsets.UTF_8).strip()
                .replaceAll("\\s+", " ");
        return body.length > ERROR_EXCERPT ? s + "..." : s.isEmpty() ? "(empty body)" : s;
    }

    private static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    @Override
    public String toString() {
        return "PrometheusRange[" + source() + ", step " + step + "]";
    }

    /**
     * Collects a response body up to a size limit: a larger one (by its Content-Length or by what arrives) fails the
     * exchange at once instead of filling memory.
     */
    private static final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final java.util.concurrent.CompletableFuture<byte[]> result = new java.util.concurrent.CompletableFuture<>();
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        private final OptionalLong declared;
        private java.util.concurrent.Flow.Subscription subscription;

        /** A body over the limit. */
        static final class TooLarge extends IOException {
            private static final long serialVersionUID = 1L;
            final int status;

            TooLarge(int status, String message) {
                super(message);
                this.status = status;
            }
        }

        private final int status;

        LimitedBody(long max, int status, OptionalLong declared) {
            this.max = max;
            this.status = status;
            this.declared = declared;
        }

        @Override
        public java.util.concurrent.CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
            subscription = s;
            if (declared.isPresent() && declared.getAsLong() > max) {
                s.cancel();
                result.completeExceptionally(new TooLarge(status, "the response has " + declared.getAsLong() + " bytes"));
                return;
            }
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<java.nio.ByteBuffer> items) {
            for (java.nio.ByteBuffer b : items) {
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
            if (out.size() > max && !result.isDone()) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge(status, "the response is larger than that"));
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    /** Configures a {@link PrometheusRange}; every setter validates its argument at once. */
    public static final class Builder {
        private final URI endpoint;
        private final String query;
        private String metric;
        private String segmentLabel;
        private Duration step = Duration.ofDays(1);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private String authorization;
        private long maxResponseBytes = 64L << 20;
        private ZoneId zone = ZoneOffset.UTC;
        private HttpClient client;

        private Builder(URI baseUrl, String query) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (!baseUrl.isAbsolute() || baseUrl.getHost() == null
                    || !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
                throw new IllegalArgumentException("baseUrl: expected an absolute http or https URL, found " + baseUrl);
            }
            if (baseUrl.getRawUserInfo() != null) {
                throw new IllegalArgumentException("baseUrl: put credentials in basicAuth(...) or bearerToken(...), "
                        + "not in the URL");
            }
            if (baseUrl.getRawQuery() != null || baseUrl.getRawFragment() != null) {
                throw new IllegalArgumentException("baseUrl: expected no query or fragment, found " + baseUrl);
            }
            if (query == null || query.isBlank()) {
                throw new IllegalArgumentException("query: expected a PromQL expression, found "
                        + (query == null ? "null" : "a blank string"));
            }
            String base = baseUrl.toString().replaceAll("/+$", "");
            this.endpoint = URI.create(base + "/api/v1/query_range");
            this.query = query;
        }

        /** The metric name of every observation; by default each series' {@code __name__} label. */
        public Builder metric(String name) {
            this.metric = requireName("metric", name);
            return this;
        }

        /** The label whose value is the segment (e.g. {@code team}); without one, all is the whole organisation. */
        public Builder segmentLabel(String label) {
            this.segmentLabel = requireName("segmentLabel", label);
            return this;
        }

        /** Time between evaluations (default one day); positive, whole milliseconds. */
        public Builder step(Duration step) {
            Objects.requireNonNull(step, "step");
            if (step.isNegative() || step.isZero() || step.getNano() % 1_000_000 != 0) {
                throw new IllegalArgumentException("step: expected a positive duration in whole milliseconds, found "
                        + step);
            }
            this.step = step;
            return this;
        }

        /** How long to wait for a connection (default 10 s); ignored when an {@link #httpClient} is given. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long to wait for the whole response, headers and body (default 60 s); also sent to Prometheus as its
         * query timeout.
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /** Sends {@code Authorization: Bearer <token>}; replaces basic auth. */
        public Builder bearerToken(String token) {
            if (token == null || token.isBlank() || token.strip().chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
                throw new IllegalArgumentException("bearerToken: expected a non-blank token of visible ASCII characters");
            }
            this.authorization = "Bearer " + token.strip();
            return this;
        }

        /** Sends HTTP basic authentication; replaces a bearer token. */
        public Builder basicAuth(String user, String password) {
            if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
                throw new IllegalArgumentException("basicAuth: expected a user name without ':', found "
                        + (user == null ? "null" : "'" + user + "'"));
            }
            Objects.requireNonNull(password, "password");
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            return this;
        }

        /** Refuses response bodies larger than this many bytes (default 64 MiB). */
        public Builder maxResponseBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes: expected a positive number of bytes, found "
                        + bytes);
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** The zone in which sample times become dates (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Uses this client (its executor, proxy, TLS settings) instead of creating one. */
        public Builder httpClient(HttpClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Builds the reader. */
        public PrometheusRange build() {
            return new PrometheusRange(this);
        }

        private static String requireName(String what, String name) {
            if (name == null || name.isBlank() || !name.equals(name.strip())) {
                throw new IllegalArgumentException(what + ": expected a non-blank name without surrounding spaces, found "
                        + (name == null ? "null" : "'" + name + "'"));
            }
            return name;
        }

        private static Duration positive(String what, Duration d) {
            Objects.requireNonNull(d, what);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + ": expected a positive duration, found " + d);
            }
            return d;
        }
    }
}
