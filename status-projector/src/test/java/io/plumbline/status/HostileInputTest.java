package io.plumbline.status;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.events.Topics;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile input against every endpoint the running console maps (found in {@link RequestMappingHandlerMapping}, so a
 * new endpoint is covered without editing this test), anonymously and signed in as admin with a valid CSRF token: a
 * corpus generated with jqwik's arbitraries (invalid UTF-8 and malformed escapes in path and query, control and
 * non-ASCII characters, over-long values, repeated parameters, non-ASCII header bytes, wildcard and bogus content
 * types, malformed forms and JSON). Every answer is below 500, names no exception and shows no stack trace, is
 * bounded in size and does not echo a long value back; nothing is written (the console's tables, the maintenance
 * topic, booking-api's admin API); nothing is logged as a servlet failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostileInputTest extends StatusProjectorTestSupport {

    /** A qualified exception class name, a bare one, or a stack frame. */
    private static final Pattern LEAK = Pattern.compile(
            "(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)\\b|\\b\\w+Exception\\b|\\n\\s*at [a-z][\\w$.]+\\(|Caused by:");

    /** Sent in some requests; never to come back whole. */
    private static final String LONG = "Q".repeat(6000);

    private static final long SEED = Long.getLong("hostile.seed", 20261203L); // fixed: reproducible in CI; -D to explore
    private static final int PER_ENDPOINT = Integer.getInteger("hostile.per-endpoint", 6);
    private static final Duration BUDGET = Duration.ofSeconds(60);

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    JdbcTemplate jdbc;

    record Endpoint(String method, String pattern) {
    }

    /** Who sends: a cookie and CSRF token, or nobody. */
    record Sender(String name, String cookie, String csrf, String from) {
    }

    record Sent(String description, RawHttp.Answer answer) {
    }

    private List<Endpoint> endpoints() {
        Set<Endpoint> found = new LinkedHashSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    found.add(new Endpoint(m.name(), pattern));
                }
            }
        });
        return new ArrayList<>(found);
    }

    // ---- the corpus ----------------------------------------------------------------------------------------------

    /** Percent-escapes that are not UTF-8 or not escapes at all. */
    private static final Arbitrary<String> MALFORMED = Arbitraries.of("%FF", "%C3%28", "%ED%A0%80", "%C0%AF", "%E2%82",
            "%F8%88%80%80%80", "%", "%z", "%0", "%%41", "%u0041", "%C3");

    /** Well-formed but unwelcome: control characters, non-ASCII, markup, traversal, a long value. */
    private static final Arbitrary<String> UNWELCOME = Arbitraries.oneOf(
            Arbitraries.of("%00", "%0D%0ASet-Cookie:%20x=1", "%1B%5B31m", "%E2%80%AE", "%3Cscript%3E", "..%2F..%2Fetc",
                    "%2E%2E", "%EF%BB%BF", "%F0%9F%92%A9", "null", "-1", "9999999999999999999999", "1e309", "%7B%7D"),
            Arbitraries.strings().withCharRange('\u0080', '\uD7FF').ofMinLength(1).ofMaxLength(12).map(HostileInputTest::escape),
            Arbitraries.strings().withCharRange('\u0000', '\u001F').ofMinLength(1).ofMaxLength(4).map(HostileInputTest::escape),
            Arbitraries.bytes().list().ofMinSize(1).ofMaxSize(6).map(HostileInputTest::escapeBytes),
            Arbitraries.just(LONG));

    private static final Arbitrary<String> VALUE = Arbitraries.oneOf(MALFORMED, UNWELCOME);

    /** Raw header values: UTF-8 and Latin-1 bytes above 0x7F, long values, bogus tokens. */
    private static final Arbitrary<String> HEADER_VALUE = Arbitraries.oneOf(
            Arbitraries.strings().withCharRange('\u00A0', '\u00FF').ofMinLength(1).ofMaxLength(10),
            Arbitraries.of("한국어", "ko-KR;q=ü", "*;q=abc", "en;q=1;q=2", "x".repeat(4000), "\u00FF\u00FE", "=?utf-8?b?7ZWc?="));

    private static final Arbitrary<String> CONTENT_TYPE = Arbitraries.of("*/*", "application/*", "application/json",
            "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=bogus", "text/plain",
            "multipart/form-data", "multipart/form-data; boundary=", "ü/ü", ";", "application/json; charset=UTF-7");

    private static final Arbitrary<String> ACCEPT = Arbitraries.of("*/*", "text/html", "application/json",
            "application/problem+json", "image/png", "garbage", "text/event-stream", "text/html;q=ü");

    private static final Arbitrary<String> NAME = Arbitraries.oneOf(Arbitraries.of("q", "status", "code", "reasonKo",
            "reasonEn", "start", "end", "expectedEnd", "username", "role", "password", "confirm", "current", "title", "body",
            "pinned", "month", "page", "_csrf", "id"), MALFORMED, UNWELCOME.map(v -> v.length() > 40 ? v.substring(0, 40) : v));

    private static final Arbitrary<String> QUERY = Combinators.combine(NAME, VALUE).as((n, v) -> n + "=" + v)
            .list().ofMinSize(1).ofMaxSize(4).map(pairs -> {
                List<String> all = new ArrayList<>(pairs);
                all.add(all.get(0)); // a repeated parameter
                return String.join("&", all);
            });

    private static final Arbitrary<String> JSON = Arbitraries.of("{", "{\"reason\":", "[]", "null", "{\"reason\":{\"ko\":1}}",
            "{\"start\":\"+999999999-12-31T23:59:59.999999999Z\",\"end\":\"-999999999-01-01T00:00:00Z\"}",
            "{\"reason\":{\"ko\":\"\\u0000\",\"en\":\"\\uDEAD\"}}", "\u00FF\u00FE", "{\"a\":" + "[".repeat(2000) + "}");

    private static String escape(String s) {
        return escapeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String escapeBytes(List<Byte> bytes) {
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = bytes.get(i);
        }
        return escapeBytes(raw);
    }

    private static String escapeBytes(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append('%').append(String.format("%02X", b & 0xFF));
        }
        return out.toString();
    }

    /**
     * One hostile request. A GET carries whatever the generators give (it may reach the handler); a POST always
     * carries one thing that makes the whole request unreadable (a malformed query or form, a wildcard content type),
     * so that no generated value can be mistaken for a valid change and the "nothing written" check stays exact.
     */
    private byte[] request(Endpoint endpoint, Sender sender, Random random, StringBuilder description) {
        String path = fillVariables(endpoint.pattern(), random);
        boolean post = !endpoint.method().equals("GET");
        String query = random.nextInt(4) == 0 ? "" : sample(QUERY, random);
        String contentType = null;
        String body = "";
        if (post) {
            contentType = sample(CONTENT_TYPE, random);
            body = contentType.contains("json") ? sample(JSON, random) : sample(QUERY, random);
            String poison = sample(MALFORMED, random);
            switch (random.nextInt(3)) {
                case 0 -> query = (query.isEmpty() ? "" : query + "&") + "p=" + poison;
                case 1 -> {
                    contentType = "application/x-www-form-urlencoded";
                    body = body + "&p=" + poison;
                }
                default -> contentType = random.nextBoolean() ? "*/*" : "application/*";
            }
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Accept", sample(ACCEPT, random));
        headers.put("Accept-Language", random.nextBoolean() ? "ko" : sample(HEADER_VALUE, random));
        headers.put("X-Plumbline-Actor", sample(HEADER_VALUE, random));
        headers.put("Idempotency-Key", sample(HEADER_VALUE, random));
        headers.put("X-Forwarded-For", random.nextInt(5) == 0 ? sample(HEADER_VALUE, random) : sender.from());
        if (sender.cookie() != null) {
            headers.put("Cookie", sender.cookie());
            if (post) {
                headers.put("X-CSRF-TOKEN", sender.csrf());
            }
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        String target = path + (query.isEmpty() ? "" : "?" + query);
        description.append(sender.name()).append(' ').append(endpoint.method()).append(' ').append(abbreviate(target))
                .append(" Content-Type=").append(contentType).append(" Accept=").append(headers.get("Accept"))
                .append(" body=").append(abbreviate(body));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] payload = body.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder head = new StringBuilder(endpoint.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        if (post) {
            head.append("Content-Length: ").append(payload.length).append("\r\n");
        }
        head.append("\r\n");
        // header values go out as their UTF-8 bytes, the way a careless client sends them
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private static String fillVariables(String pattern, Random random) {
        Matcher m = Pattern.compile("\\{[^}]+}").matcher(pattern);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(sample(VALUE, random)));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static final Map<Arbitrary<?>, RandomGenerator<?>> GENERATORS = new java.util.concurrent.ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static <T> T sample(Arbitrary<T> arbitrary, Random random) {
        RandomGenerator<T> generator = (RandomGenerator<T>) GENERATORS.computeIfAbsent(arbitrary,
                a -> a.generatorWithEmbeddedEdgeCases(100));
        return generator.next(random).value();
    }

    private static String abbreviate(String s) {
        return s.length() <= 160 ? s : s.substring(0, 160) + "…(" + s.length() + ")";
    }

    // ---- what must not change ------------------------------------------------------------------------------------

    private Map<String, Long> written() throws Exception {
        Map<String, Long> counts = new HashMap<>();
        for (String table : List.of("console_account", "audit_log", "proj_maintenance", "proj_announcement", "proj_alert")) {
            counts.put(table, jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class));
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            String topic = Topics.MAINTENANCE.name();
            Map<TopicPartition, OffsetSpec> latest = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
                    .partitions().stream().collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
            admin.listOffsets(latest).all().get().forEach((tp, info) -> counts.put(tp.toString(), info.offset()));
        }
        counts.put("booking-api writes", (long) bookingApi().findAll(anyRequestedFor(anyUrl())).stream()
                .filter(r -> !r.getMethod().getName().equals("GET")).count());
        return counts;
    }

    @Test
    void noEndpointAnswers5xxLeaksOrWritesAnythingOnHostileInput(CapturedOutput output) throws Exception {
        List<Endpoint> endpoints = endpoints();
        assertThat(endpoints).as("endpoints found in the running app").extracting(Endpoint::pattern)
                .contains("/", "/accounts/{username}/role", "/api/maintenance/{scope}/start", "/error");
        ConsoleSession admin = ConsoleSession.signIn(port, "127.0.0.77", "admin", adminPassword());
        List<Sender> senders = List.of(new Sender("admin", admin.cookieHeader(), admin.csrfToken(), "127.0.0.77"),
                new Sender("anonymous", null, null, "127.0.0.78"));
        Map<String, Long> before = written();

        JqwikSession.start();
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        Instant deadline = Instant.now().plus(BUDGET);
        int sent = 0;
        for (int round = 0; round < PER_ENDPOINT && Instant.now().isBefore(deadline); round++) {
            for (Endpoint endpoint : endpoints) {
                for (Sender sender : senders) {
                    StringBuilder description = new StringBuilder();
                    RawHttp.Answer answer = RawHttp.send(port, request(endpoint, sender, random, description));
                    sent++;
                    String problem = problem(answer);
                    if (problem != null) {
                        failures.add(problem + " ← " + description);
                    }
                }
            }
        }
        JqwikSession.finish();
        assertThat(failures).as("seed " + SEED + ", " + sent + " requests").isEmpty();
        assertThat(written()).as("nothing written by " + sent + " hostile requests").isEqualTo(before);
        assertThat(admin.get("/accounts", "en").statusCode()).as("the admin session survived the corpus").isEqualTo(200);
        assertThat(output.getAll()).as("no request failed inside the servlet").doesNotContain("Servlet.service()")
                .doesNotContain("threw exception");
    }

    private static String problem(RawHttp.Answer answer) {
        if (answer.status() < 100 || answer.status() >= 500) {
            return "status " + answer.status();
        }
        if (answer.size() >= RawHttp.LIMIT) {
            return "unbounded answer";
        }
        Matcher leak = LEAK.matcher(answer.body());
        if (leak.find()) {
            return "leaks '" + leak.group() + "' (status " + answer.status() + ")";
        }
        if (answer.body().contains(LONG.substring(0, 1000)) || answer.head().contains(LONG.substring(0, 1000))) {
            return "echoes a long value (status " + answer.status() + ")";
        }
        return null;
    }
}
