package io.plumbline.localstack.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Process helpers: a PID file per server, so a server left behind by a killed JVM is stopped on the next start. */
public final class ChildProcesses {

    private static final Logger log = LoggerFactory.getLogger(ChildProcesses.class);

    private ChildProcesses() {
    }

    /** Kills the process named in {@code pidFile} if it is still alive (a leftover of a JVM that was killed). */
    public static void killStale(Path pidFile, String what) {
        readPid(pidFile).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive).ifPresent(p -> {
            log.warn("stopping a {} left running by an earlier run (pid {})", what, p.pid());
            p.destroy();
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
    }

    public static Optional<Long> readPid(Path pidFile) {
        try {
            return Files.exists(pidFile) ? Optional.of(Long.parseLong(Files.readString(pidFile).trim())) : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public static void writePid(Path pidFile, long pid) {
        try {
            Files.createDirectories(pidFile.getParent());
            Files.writeString(pidFile, Long.toString(pid));
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + pidFile, e);
        }
    }

    /** Asks a process to stop (SIGTERM), and kills it if it has not stopped within {@code grace}. */
    public static void stop(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    /**
     * {@code command} run in a new session ({@code setsid}, where util-linux has it): a terminal sends Ctrl-C's SIGINT
     * (and SIGHUP when it closes) to its whole foreground process group, and a child there would die at the same
     * moment as the launcher, in no order. Such a child must watch its parent itself, or it outlives a killed launcher.
     * {@code setsid} execs in place (the caller is no process-group leader), so the pid stays the child's own.
     */
    public static List<String> inOwnSession(List<String> command) {
        if (!Files.isExecutable(SETSID)) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(command.size() + 1);
        wrapped.add(SETSID.toString());
        wrapped.addAll(command);
        return wrapped;
    }

    /** The {@code java} executable of the running JVM. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
