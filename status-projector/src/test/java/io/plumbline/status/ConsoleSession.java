package io.plumbline.status;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A signed-in console session over plain HTTP (form login with its CSRF token, session cookie kept), for page tests. */
final class ConsoleSession {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies)
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final String base;
    /** The client address this session speaks for ({@code X-Forwarded-For}; the tests trust 127.0.0.1 as a proxy). */
    private final String from;

    private ConsoleSession(int port, String from) {
        this.base = "http://127.0.0.1:" + port;
        this.from = from;
    }

    static ConsoleSession signIn(int port, String username, String password) throws Exception {
        return signIn(port, "127.0.0.1", username, password);
    }

    /** Signs in as the client at {@code from}. */
    static ConsoleSession signIn(int port, String from, String username, String password) throws Exception {
        ConsoleSession session = new ConsoleSession(port, from);
        HttpResponse<String> after = session.attempt(username, password);
        if (after.uri().getPath().startsWith("/login")) {
            throw new IllegalStateException("sign-in failed for " + username);
        }
        return session;
    }

    /** A session not signed in yet, speaking for the client at {@code from}. */
    static ConsoleSession anonymous(int port, String from) {
        return new ConsoleSession(port, from);
    }

    /** One sign-in through the form; the answer is the page it lands on ({@code /login?error}, {@code /}, …). */
    HttpResponse<String> attempt(String username, String password) throws Exception {
        String token = csrf(get("/login").body());
        return http.send(request("/login", "en").header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(username) + "&password=" + enc(password)
                        + "&_csrf=" + enc(token))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The CSRF token of a page this session may open. */
    String csrfToken() throws Exception {
        return csrf(get("/account/password").body());
    }

    HttpRequest.Builder request(String path, String language) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Accept-Language", language)
                .header("X-Forwarded-For", from);
    }

    /** The session's cookies as a {@code Cookie} header value, for requests sent another way. */
    String cookieHeader() {
        return cookies.getCookieStore().getCookies().stream().map(c -> c.getName() + "=" + c.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
    }

    HttpResponse<String> get(String path) throws Exception {
        return get(path, "ko");
    }

    HttpResponse<String> get(String path, String language) throws Exception {
        return http.send(request(path, language).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Posts a console form (name, value, name, value, …) with a CSRF token from the sign-out form that every page
     * carries; redirects are followed, so the answer is the page the user ends up on.
     */
    HttpResponse<String> post(String path, String language, String... fields) throws Exception {
        StringBuilder form = new StringBuilder("_csrf=").append(enc(csrf(get("/account/password").body())));
        for (int i = 0; i < fields.length; i += 2) {
            form.append('&').append(enc(fields[i])).append('=').append(enc(fields[i + 1]));
        }
        return http.send(request(path, language).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String csrf(String html) {
        Matcher m = CSRF.matcher(html);
        if (!m.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return m.group(1);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
