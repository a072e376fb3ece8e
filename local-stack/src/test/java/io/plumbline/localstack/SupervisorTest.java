package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.core.IntervalFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The launcher's supervision on real processes: a child that dies is restarted after a growing back-off, and one that
 * keeps dying is reported as a crash loop and left down. (Killing the launcher's real broker, database server and
 * service: {@code LocalStackTest} in the scenarios module.)
 */
class SupervisorTest {

    private final List<String> console = new CopyOnWriteArrayList<>();
    private final Supervisor supervisor = new Supervisor(new Supervisor.Policy(
            IntervalFunction.ofExponentialBackoff(Duration.ofMillis(100), 2), 3, Duration.ofMinutes(1)), console::add);
    private final AtomicReference<Process> current = new AtomicReference<>();
    private final AtomicInteger starts = new AtomicInteger();

    @AfterEach
    void stop() {
        supervisor.close();
        Process p = current.get();
        if (p != null) {
            p.destroyForcibly();
        }
    }

    @Test
    void aKilledChildIsRestartedAndWatchedAgain() throws Exception {
        Supervisor.Child child = child("sleep", "600");
        child.restart().run();
        supervisor.watch(child);

        for (int kill = 1; kill <= 2; kill++) {
            Process before = current.get();
            before.destroyForcibly().onExit().join();
            int expected = kill + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> starts.get() == expected && current.get().isAlive());
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> console.size() == 4);
        assertThat(console).containsExactly(
                "[supervisor] sleeper died (exit 137); restarting in 0.1 s (restart 1 of at most 3 within 60 s; see its log)",
                console.get(1),
                "[supervisor] sleeper died (exit 137); restarting in 0.2 s (restart 2 of at most 3 within 60 s; see its log)",
                console.get(3));
        assertThat(console.get(1)).startsWith("[supervisor] sleeper restarted, ready after");
        assertThat(console.get(3)).startsWith("[supervisor] sleeper restarted, ready after");
    }

    @Test
    void aChildThatKeepsDyingIsGivenUpAfterTheBound() throws Exception {
        Supervisor.Child child = child("sh", "-c", "exit 3");
        child.restart().run();
        supervisor.watch(child);

        await().atMost(Duration.ofSeconds(20)).until(() -> console.stream().anyMatch(l -> l.contains("crash loop")));
        assertThat(console).filteredOn(l -> l.contains("restarting in")).hasSize(3);
        assertThat(console.get(console.size() - 1)).isEqualTo(
                "[supervisor] sleeper crashed 4 times within 60 s: crash loop, giving up; it stays down (see its log)");
        assertThat(starts).as("the first start and three restarts").hasValue(4);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(starts).hasValue(4));
    }

    @Test
    void aChildThatExitsWhileTheLauncherStopsIsNotRestarted() throws Exception {
        Supervisor.Child child = child("sleep", "600");
        child.restart().run();
        supervisor.watch(child);

        supervisor.close();
        current.get().destroy();
        current.get().onExit().join();

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(starts).hasValue(1));
        assertThat(console).isEmpty();
    }

    private Supervisor.Child child(String... command) {
        return new Supervisor.Child("sleeper", () -> {
            try {
                current.set(new ProcessBuilder(command).start());
                starts.incrementAndGet();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, () -> current.get().onExit().thenApply(p -> "exit " + p.exitValue()), "its log");
    }
}
