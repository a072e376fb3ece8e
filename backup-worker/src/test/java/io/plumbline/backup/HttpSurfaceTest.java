package io.plumbline.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The scheduler's web server (local stack) is there for actuator only: it has no user of its own and answers any
 * other path, and a client asking for {@code /error} itself, with a small 4xx problem detail.
 */
class HttpSurfaceTest {

    @Test
    void unknownPathsAre404ProblemsAndNoDefaultUserIsGenerated() throws Exception {
        // nothing is dumped or published while it only starts: the server and broker are never reached
        List<String> args = new ArrayList<>(List.of("--plumbline.backup.host=127.0.0.1", "--plumbline.backup.port=9",
                "--plumbline.backup.username=backup", "--plumbline.backup.password=unused",
                "--spring.kafka.bootstrap-servers=127.0.0.1:9"));
        args.addAll(List.of("--plumbline.backup.mode=scheduled", "--spring.main.web-application-type=servlet",
                "--server.port=0", "--management.server.port=0",
                "--plumbline.backup.target=" + Files.createTempDirectory("backups-http")));
        try (ConfigurableApplicationContext worker = SpringApplication.run(BackupWorkerApplication.class,
                args.toArray(String[]::new))) {
            int port = ((WebServerApplicationContext) worker).getWebServer().getPort();
            HttpClient http = HttpClient.newHttpClient();
            for (String path : List.of("/nope", "/error", "/actuator/env", "/.git/config", "/admin?a=1&a=2")) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as(path + ": " + response.body()).isBetween(400, 499);
                assertThat(response.headers().firstValue("Content-Type")).as(path)
                        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
                assertThat(response.body()).as(path).doesNotContainIgnoringCase("exception").hasSizeLessThan(1024);
            }
            // no Spring Security, so no generated user: should it ever come, its default user must be excluded
            assertThat(ClassUtils.isPresent("org.springframework.security.core.userdetails.UserDetailsService", null))
                    .as("Spring Security on backup-worker's classpath").isFalse();
        }
    }
}
