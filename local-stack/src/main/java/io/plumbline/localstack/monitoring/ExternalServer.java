package io.plumbline.localstack.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.plumbline.localstack.infra.ChildProcesses;

/**
 * A server binary from a Debian package, run as a child process bound to 127.0.0.1, with its output in a log file
 * and a PID file so that a copy left behind by a killed JVM is stopped on the next start.
 */
public abstract class ExternalServer implements AutoCloseable {

    protected final Path dir;
    protected final int port;
    private Process process;

    protected ExternalServer(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** The binary's name on PATH and the Debian package that provides it. */
    protected abstract String binary();

    protected abstract String debianPackage();

    /** Command-line arguments; may write configuration files into {@link #dir} first. */
    protected abstract List<String> arguments() throws IOException;

    /** A path that answers 200 once the server is ready. */
    protected abstract String readinessPath();

    protected Map<String, String> environment() {
        return Map.of();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public synchronized ExternalServer start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        Path executable = locate(binary(), debianPackage());
        try {
            Files.createDirectories(dir);
            Path pidFile = dir.resolve(binary() + ".pid");
            ChildProcesses.killStale(pidFile, binary());
            List<String> command = new ArrayList<>();
            command.add(executable.toString());
            command.addAll(arguments());
            ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(binary() + ".log").toFile()));
            pb.environment().putAll(environment());
            process = pb.start();
            ChildProcesses.writePid(pidFile, process.pid());
            awaitReady(Duration.ofSeconds(30));
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + binary() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    public synchronized void stop() {
        if (process != null) {
            ChildProcesses.stop(process.toHandle(), Duration.ofSeconds(10));
            process = null;
        }
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    /** Finds a binary on PATH, or fails naming the Debian package to install. */
    public static Path locate(String binary, String debianPackage) {
        for (String entry : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
            Path candidate = Path.of(entry, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        for (String entry : List.of("/usr/bin", "/usr/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(entry, binary);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(binary + " not found: install Debian's " + debianPackage
                + " (apt-get install -y " + debianPackage + "; .ci/run does this for CI)");
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(binary() + " exited with " + process.exitValue() + "; see "
                        + dir.resolve(binary() + ".log"));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl() + readinessPath()))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(binary() + " not ready within " + timeout + "; see " + dir.resolve(binary() + ".log"));
    }
}
