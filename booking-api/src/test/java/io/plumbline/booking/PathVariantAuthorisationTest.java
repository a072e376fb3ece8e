package io.plumbline.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every protected route ({@code /api/admin/**}, found from the running application's mappings) spelled every other
 * way a path can be spelled — encoded, double-encoded, trailing slash, matrix parameters, case, dot segments — is
 * refused without the credential (400/401/403/404) and never reaches the handler; the firewall's refusals are 400
 * problem details. With the credential the canonical path is served.
 */
class PathVariantAuthorisationTest extends BookingApiTestSupport {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    JdbcTemplate jdbc;

    @Value("${plumbline.booking.admin.username}")
    String adminUser;

    @Value("${plumbline.booking.admin.password}")
    String adminPassword;

    record Route(String method, String path) {
    }

    private List<Route> protectedRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/admin/"))
                .forEach(p -> {
                    Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                    for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                        routes.add(new Route(m.name(), p.replaceAll("\\{[^}]+}", "RES-20260101-AAAAAA")));
                    }
                }));
        return List.copyOf(routes);
    }

    /** The same path as a browser, a proxy or a servlet container might also read it. */
    static List<String> variants(String path) {
        String rest = path.substring("/api/admin".length()); // e.g. /bookings/RES-…
        List<String> v = new ArrayList<>(List.of(
                "/api/%61dmin" + rest, "/%61pi/admin" + rest, "/api%2Fadmin" + rest, "/api/admin" + rest.replaceFirst("/", "%2F"),
                "/api/%2561dmin" + rest, "/api%252Fadmin" + rest, "/api/admin" + rest + "/", "/api/admin" + rest + "//",
                "/api/admin;x=1" + rest, "/api;/admin" + rest, "/api/admin" + rest + ";jsessionid=1", "/api/admin/;" + rest.substring(1),
                "/API/ADMIN" + rest, "/api/Admin" + rest, "/Api/admin" + rest.toUpperCase(),
                "/api/x/../admin" + rest, "/api/./admin" + rest, "/api//admin" + rest, "//api/admin" + rest,
                "/api/admin" + rest + "/.", "/api/%2e/admin" + rest, "/api/x/%2e%2e/admin" + rest, "/api/x/%252e%252e/admin" + rest,
                "/api\\admin" + rest, "/api/admin%5C" + rest.substring(1), "/api/admin" + rest + "%00", "/api/admin" + rest + "%20",
                "/api/admin" + rest + ".json", "/./api/admin" + rest, "/api/admin" + rest + "?", "/api/admin" + rest + "#x"));
        return v;
    }

    @Test
    void everySpellingOfAProtectedPathIsRefusedWithoutTheCredential() throws Exception {
        List<Route> routes = protectedRoutes();
        assertThat(routes).extracting(Route::path).contains("/api/admin/bookings", "/api/admin/audit");
        long auditRows = jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class);
        SoftAssertions softly = new SoftAssertions();
        for (Route route : routes) {
            for (String variant : variants(route.path())) {
                RawHttp.Request request = new RawHttp.Request(route.method(), variant,
                        Map.of("X-Plumbline-Actor", "intruder", "Content-Type", "application/json"),
                        "GET".equals(route.method()) ? null : "{\"status\":\"CANCELLED\",\"title\":\"x\",\"body\":\"y\"}");
                RawHttp.Response response = RawHttp.send(port, request);
                softly.assertThat(response.status()).as("%s → %s", request, response.head()).isIn(400, 401, 403, 404);
                softly.assertThat(response.body()).as("%s reached the handler", request).doesNotStartWith("[")
                        .doesNotContain("\"bookingCode\"", "\"actor\"");
                if (response.status() == 400) {
                    softly.assertThat(response.head()).as("%s: a 400 is a problem detail", request)
                            .containsIgnoringCase("Content-Type: application/problem+json");
                }
            }
        }
        softly.assertAll();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_log", Long.class)).as("no admin change").isEqualTo(auditRows);
    }

    @Test
    void theCanonicalPathWithTheCredentialIsServed() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString((adminUser + ":" + adminPassword).getBytes(StandardCharsets.UTF_8));
        RawHttp.Response search = RawHttp.send(port, new RawHttp.Request("GET", "/api/admin/bookings?limit=1",
                Map.of("Authorization", basic), null));
        assertThat(search.status()).as(search.head()).isEqualTo(200);
        assertThat(search.body()).startsWith("[");
        for (Route route : protectedRoutes()) {
            RawHttp.Response response = RawHttp.send(port, new RawHttp.Request(route.method(), route.path(),
                    Map.of("Authorization", basic, "Content-Type", "application/json"), "GET".equals(route.method()) ? null : "{}"));
            assertThat(response.status()).as("%s %s with the credential → %s", route.method(), route.path(), response.head())
                    .isNotIn(401, 403).isLessThan(500);
        }
    }
}
