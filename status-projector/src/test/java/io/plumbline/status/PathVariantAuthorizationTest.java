package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.plumbline.status.console.Accounts;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every protected route of both chains (the console's and {@code /api/**}), discovered from the running app, spelt
 * every way a path can be disguised: percent-encoded, double-encoded, trailing slash, matrix parameters, other case,
 * dot segments, doubled and encoded slashes. Unauthenticated, as a viewer on admin-only routes, and as a signed-in
 * admin from an address outside the allow-list, no spelling reaches the route's handler ({@link HandlerTrace}) and
 * none answers 5xx; the canonical path with the right role does reach it.
 */
class PathVariantAuthorizationTest extends StatusProjectorTestSupport {

    private static final String STRANGER = "203.0.113.7";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    HandlerTrace trace;

    @Autowired
    Accounts accounts;

    record Route(String method, String path, String handler, boolean api, boolean adminOnly) {
    }

    /** Who asks: a console session (cookie and CSRF token) or API credentials, from some address. */
    record Caller(String name, String cookie, String csrf, String basic, String from) {
    }

    /** Routes anyone on the allow-list may open without signing in. */
    private static final Set<String> PUBLIC = Set.of("/login", "/error");

    private List<Route> protectedRoutes() {
        Set<Route> routes = new LinkedHashSet<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (PUBLIC.contains(pattern)) {
                    continue;
                }
                for (RequestMethod m : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    String path = pattern.replaceAll("\\{[^}]+}", "no-such-" + "thing");
                    boolean api = pattern.startsWith("/api/");
                    boolean adminOnly = m != RequestMethod.GET && !pattern.equals("/account/password")
                            || pattern.startsWith("/accounts");
                    routes.add(new Route(m.name(), path, name(handler), api, adminOnly));
                }
            }
        });
        return new ArrayList<>(routes);
    }

    private static String name(HandlerMethod handler) {
        return handler.getBeanType().getSimpleName() + "." + handler.getMethod().getName();
    }

    /** The same route spelt differently; a correct server answers each with an error, never with the handler. */
    static List<String> variants(String path) {
        List<String> out = new ArrayList<>();
        String first = path.length() > 1 ? path.substring(1, 2) : "";
        String rest = path.length() > 2 ? path.substring(2) : "";
        String hex = first.isEmpty() ? "" : String.format("%%%02x", (int) first.charAt(0));
        if (!first.isEmpty()) {
            out.add("/" + hex + rest);                                  // encoded
            out.add("/" + hex.toUpperCase(Locale.ROOT) + rest);
            out.add("/%25" + hex.substring(1) + rest);                  // double-encoded
        }
        out.add(path + "/");                                            // trailing slash
        out.add(path + ";x=1");                                         // matrix
        out.add(path.replaceFirst("^(/[^/]+)", "$1;jsessionid=x"));
        out.add(path.toUpperCase(Locale.ROOT));                         // case
        out.add(path.length() > 1 ? "/" + path.substring(1, 2).toUpperCase(Locale.ROOT) + rest : path);
        out.add("/css/.." + path);                                      // dot segments
        out.add("/actuator/health/../.." + path);
        out.add("/css/%2e%2e" + path);
        out.add("/." + path);
        out.add("/" + path);                                            // doubled slash
        out.add(path.replaceFirst("/([^/]+)/", "/$1%2F"));              // encoded slash
        out.add(path.replaceFirst("/([^/]+)/", "/$1%5C"));              // encoded backslash
        out.add("/css/%252e%252e" + path);
        return out.stream().filter(v -> !v.equals(path)).distinct().toList();
    }

    private RawHttp.Answer send(Route route, String target, Caller caller) throws Exception {
        StringBuilder head = new StringBuilder(route.method()).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n")
                .append("X-Forwarded-For: ").append(caller.from()).append("\r\n")
                .append("Accept: */*\r\n"); // whatever the route produces (an event stream, a page, JSON)
        if (route.api()) {
            if (caller.basic() != null) {
                head.append("Authorization: Basic ").append(caller.basic()).append("\r\n");
            }
            if (!route.method().equals("GET")) {
                head.append("Content-Type: application/json\r\nContent-Length: 2\r\n");
            }
        } else {
            if (caller.cookie() != null) {
                head.append("Cookie: ").append(caller.cookie()).append("\r\n");
                head.append("X-CSRF-TOKEN: ").append(caller.csrf()).append("\r\n");
            }
            if (!route.method().equals("GET")) {
                head.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2\r\n");
            }
        }
        head.append("\r\n");
        if (!route.method().equals("GET")) {
            head.append(route.api() ? "{}" : "x=");
        }
        return RawHttp.send(port, head.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void noSpellingOfAProtectedPathReachesItsHandlerWithoutTheRightRoleOrFromOutsideTheAllowList() throws Exception {
        String viewerName = "viewer-" + UUID.randomUUID().toString().substring(0, 6);
        accounts.create(viewerName, "viewer-password-1", Accounts.Role.VIEWER);
        ConsoleSession viewer = ConsoleSession.signIn(port, "127.0.0.91", viewerName, "viewer-password-1");
        ConsoleSession admin = ConsoleSession.signIn(port, "127.0.0.92", "admin", adminPassword());
        Caller anonymous = new Caller("anonymous", null, null, null, "127.0.0.93");
        Caller asViewer = new Caller("viewer", viewer.cookieHeader(), viewer.csrfToken(), basic(viewerName, "viewer-password-1"), "127.0.0.91");
        Caller stranger = new Caller("admin from outside", admin.cookieHeader(), admin.csrfToken(), basic("admin", adminPassword()), STRANGER);

        List<Route> routes = protectedRoutes();
        assertThat(routes).extracting(Route::handler).contains("AccountsController.disable", "MaintenanceApiController.start");
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Route route : routes) {
            List<Caller> callers = new ArrayList<>(List.of(anonymous, stranger));
            if (route.adminOnly()) {
                callers.add(asViewer);
            }
            List<String> spellings = new ArrayList<>(variants(route.path()));
            spellings.add(0, route.path());
            for (String target : spellings) {
                for (Caller caller : callers) {
                    trace.clear();
                    RawHttp.Answer answer = send(route, target, caller);
                    sent++;
                    boolean reached = trace.reached().stream().anyMatch(r -> r.handler().equals(route.handler()));
                    if (reached || answer.status() >= 500 || answer.status() < 100
                            || caller == stranger && answer.status() != 403 && answer.status() != 400) {
                        failures.add(caller.name() + " " + route.method() + " " + target + " → " + answer.status()
                                + (reached ? " REACHED " + route.handler() : ""));
                    }
                }
            }
        }
        assertThat(failures).as(sent + " requests").isEmpty();

        // the canonical path with the right role reaches the handler
        Caller asAdmin = new Caller("admin", admin.cookieHeader(), admin.csrfToken(), basic("admin", adminPassword()), "127.0.0.92");
        for (Route route : routes) {
            trace.clear();
            RawHttp.Answer answer = send(route, route.path(), route.adminOnly() ? asAdmin : asViewer);
            assertThat(trace.reached()).as(route + " → " + answer.status()).extracting(HandlerTrace.Reached::handler)
                    .contains(route.handler());
        }
    }
}
