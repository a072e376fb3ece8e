package io.plumbline.charts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real command-line validators (promtool, amtool, sh) with a bounded time. */
final class Tools {

    record Result(int exit, String output) {
    }

    private Tools() {
    }

    /** The binary on PATH (or /usr/bin), or a failure naming the Debian package that provides it. */
    static String require(String binary, String debianPackage) {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/bin").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, binary))) {
                return Path.of(dir, binary).toString();
            }
        }
        throw new AssertionError(binary + " is not installed: `apt-get install -y " + debianPackage
                + "` (.ci/run installs it)");
    }

    static Result run(Path workDir, int timeoutSeconds, String... command) {
        List<String> cmd = new ArrayList<>(List.of(command));
        try {
            Path log = Files.createTempFile("tool", ".log");
            Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeoutSeconds + " s");
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            Files.deleteIfExists(log);
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
