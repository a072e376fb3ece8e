package io.plumbline.alerting.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * Every spelling of every route that a proxy, Tomcat or Spring might read as the route itself, sent without
 * credentials: none may get in. A route is found from the running application, so a new one is covered too. The
 * body is a notification Alertmanager could send, so a request that reached the webhook would publish it.
 */
class PathVariantAuthorizationTest extends AttackSurface {

    /** Statuses that say "not for you": rejected by the firewall, unauthenticated, denied, or not a route. */
    private static final Set<Integer> REFUSED = Set.of(400, 401, 403, 404);

    @Test
    void noSpellingOfAnyRouteGetsInWithoutCredentials() throws Exception {
        List<Route> routes = routes();
        assertThat(routes).extracting(Route::pattern).contains("/alertmanager/webhook", "/slack/interactions");
        SoftAssertions softly = new SoftAssertions(); // every way in is reported, not only the first
        int sent = 0;
        for (Route route : routes) {
            for (String method : route.methods().isEmpty() ? Set.of("GET", "POST") : route.methods()) {
                for (String target : variants(route.pattern().replaceAll("\\{[^}]*}", "x"))) {
                    Writes before = writes();
                    RawHttp.Response response = RawHttp.send(port, head(method, target, null), notification());
                    softly.assertThat(response.status()).as("%s %s answered %s", method, target, response.text())
                            .isIn(REFUSED);
                    softly.assertThat(writes()).as("%s %s wrote something", method, target).isEqualTo(before);
                    sent++;
                }
            }
        }
        softly.assertAll();
        assertThat(sent).isGreaterThan(routes.size() * 30);
    }

    @Test
    void theCredentialOnTheCanonicalPathStillWorks() throws Exception {
        Writes before = writes();
        RawHttp.Response response = RawHttp.send(port, head("POST", "/alertmanager/webhook", "Bearer " + token()),
                notification());
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        assertThat(writes().offsets()).isNotEqualTo(before.offsets());
    }

    /** Spellings of {@code path}: encoded, double-encoded, trailing slash, matrix, case, dot segments, doubled slashes. */
    static List<String> variants(String path) {
        Set<String> v = new LinkedHashSet<>();
        v.add(path);
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '/') { // one character percent-encoded, lower and upper hex, and that escape encoded again
                String hex = String.format("%02x", (int) c);
                v.add(path.substring(0, i) + "%" + hex + path.substring(i + 1));
                v.add(path.substring(0, i) + "%" + hex.toUpperCase(Locale.ROOT) + path.substring(i + 1));
                v.add(path.substring(0, i) + "%25" + hex + path.substring(i + 1));
            }
        }
        v.add(encodeAll(path, false));
        v.add(encodeAll(path, true));
        v.add(path.replace("/", "%2F"));
        v.add(path.replace("/", "%2f"));
        v.add(path.replace("/", "%252F"));
        v.add(path.replaceFirst("/", "/%2F"));
        v.add(path.replace("/", "\\"));
        v.add(path.replace("/", "%5C"));
        v.add(path + "/");
        v.add(path + "//");
        v.add(path + "/.");
        v.add(path + "/..");
        v.add(path + "/x/..");
        v.add(path + "%2F");
        v.add(path + "?");
        v.add(path + "?x=y");
        v.add(path + "#x");
        v.add(path + ";");
        v.add(path + ";x=y");
        v.add(path + ";jsessionid=0");
        v.add(path + "%3Bx=y");
        v.add(path + "%00");
        v.add(path + "%20");
        v.add(path + ".json");
        v.add(path + "/x");
        v.add(path.toUpperCase(Locale.ROOT));
        v.add(path.substring(0, 2).toUpperCase(Locale.ROOT) + path.substring(2));
        v.add(path.substring(0, path.length() - 1) + Character.toUpperCase(path.charAt(path.length() - 1)));
        v.add("/" + path);
        v.add("/." + path);
        v.add("/./" + path.substring(1));
        v.add("/x/.." + path);
        v.add("/x/%2e%2e" + path);
        v.add("/x/%2E%2E" + path);
        v.add("/x/%252e%252e" + path);
        v.add("/x/..;" + path);
        v.add("/x;/.." + path);
        v.add("/.%2e" + path);
        v.add("http://127.0.0.1" + path);
        v.add("http://127.0.0.1/x/.." + path);
        if (segments.length > 1) {
            String first = "/" + segments[0];
            String rest = path.substring(first.length());
            v.add(first + ";x=y" + rest);
            v.add(first + ";" + rest);
            v.add(first + "/" + rest);
            v.add(first + "/." + rest);
            v.add(first + "/x/.." + rest);
            v.add(first + "/%2e" + rest);
            v.add(first + "%2F" + rest.substring(1));
            v.add(first + rest.toUpperCase(Locale.ROOT));
        }
        return new ArrayList<>(v);
    }

    private static String encodeAll(String path, boolean twice) {
        StringBuilder b = new StringBuilder();
        for (char c : path.toCharArray()) {
            b.append(c == '/' ? "/" : (twice ? "%25" : "%") + String.format("%02X", (int) c));
        }
        return b.toString();
    }

    static byte[] head(String method, String target, String authorization) {
        String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json"
                + (authorization == null ? "" : "\r\nAuthorization: " + authorization);
        return head.getBytes(StandardCharsets.UTF_8);
    }

    /** A firing alert exactly as Alertmanager 0.25 sends it, with a fingerprint of its own. */
    static byte[] notification() {
        String fingerprint = UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        return """
                {"receiver":"plumbline","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"MySQLPrimaryDown",
                 "instance":"db-1:9104","severity":"critical"},"annotations":{"summary":"forged"},"startsAt":"%s",
                 "endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus/graph","fingerprint":"%s"}],
                 "groupLabels":{"alertname":"MySQLPrimaryDown"},"commonLabels":{},"commonAnnotations":{},
                 "externalURL":"http://127.0.0.1:9093","version":"4","groupKey":"{}:{alertname=\\"MySQLPrimaryDown\\"}",
                 "truncatedAlerts":0}""".formatted(Instant.now(), fingerprint).getBytes(StandardCharsets.UTF_8);
    }
}
