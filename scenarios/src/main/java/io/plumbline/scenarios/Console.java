package io.plumbline.scenarios;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.plumbline.localstack.infra.Credentials;

/**
 * status-projector's console as the admin's browser sees it: signs in through the login form (session cookie, CSRF
 * token) and reads the overview page.
 */
final class Console {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"|value=\"([^\"]+)\"\\s+name=\"_csrf\"");

    private final URI base;
    private final Credentials admin;
    private final HttpClient http;

    Console(String baseUrl, Credentials admin) {
        this.base = URI.create(baseUrl);
        this.admin = admin;
        this.http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(2))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Signs in, trying for up to a minute (a console's first page is slow on a busy machine); true when the console
     * accepted the credential (redirect to the overview, not back to the form).
     */
    boolean signIn() throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            try {
                return trySignIn();
            } catch (IOException e) {
                if (Instant.now().isAfter(deadline)) {
                    return false;
                }
            }
        }
    }

    private boolean trySignIn() throws IOException, InterruptedException {
        String form = get("/login").body();
        Matcher m = CSRF.matcher(form);
        String token = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : "";
        String body = "username=" + encode(admin.username()) + "&password=" + encode(admin.password()) + "&_csrf=" + encode(token);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/login")).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        String location = r.headers().firstValue("Location").orElse("");
        return r.statusCode() == 302 && !location.contains("/login");
    }

    /** The overview page's HTML, if it answered 200 (a signed-out session is redirected to the login form). */
    Optional<String> overview() {
        try {
            HttpResponse<String> r = get("/");
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Whether the overview shows {@code server} in red in the topology card's probe list (unreachable). */
    static boolean showsServerDown(String overview, String server) {
        return Pattern.compile("<li[^>]*class=\"[^\"]*\\bbad\\b[^\"]*\"[^>]*>\\s*" + Pattern.quote(server) + ":").matcher(overview).find();
    }

    /** Whether the overview lists {@code server} in the probe list, and not in red. */
    static boolean showsServerUp(String overview, String server) {
        Matcher m = Pattern.compile("<li([^>]*)>\\s*" + Pattern.quote(server) + ":").matcher(overview);
        return m.find() && !m.group(1).matches(".*class=\"[^\"]*\\bbad\\b.*");
    }

    /** One {@code data:} line of the console's live stream, as the overview page's script receives it, and when. */
    record StreamLine(Instant at, String data) {
    }

    /**
     * Opens the console's live stream ({@code GET /stream}, server-sent events) in this signed-in session, as the
     * overview page does, and records every {@code data:} line with the moment it arrived. Close it to hang up.
     */
    LiveStream openLiveStream() {
        return new LiveStream();
    }

    final class LiveStream implements AutoCloseable {

        private final List<StreamLine> lines = new CopyOnWriteArrayList<>();
        private final CompletableFuture<?> call;

        private LiveStream() {
            call = http.sendAsync(HttpRequest.newBuilder(base.resolve("/stream")).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines()).thenAccept(r -> r.body()
                    .filter(line -> line.startsWith("data:"))
                    .forEach(line -> lines.add(new StreamLine(Instant.now(), line.substring(5).strip()))));
        }

        /** When a line containing {@code text} first arrived after {@code after}. */
        Optional<Instant> first(String text, Instant after) {
            return lines.stream().filter(l -> l.at().isAfter(after) && l.data().contains(text)).map(StreamLine::at).findFirst();
        }

        @Override
        public void close() {
            call.cancel(true);
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
