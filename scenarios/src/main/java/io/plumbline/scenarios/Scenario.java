package io.plumbline.scenarios;

import java.time.Duration;

/** One named failure scenario: it injects faults into a running {@link Platform} and writes what it measured. */
interface Scenario {

    String name();

    /** One line for {@code --help}. */
    String description();

    /**
     * Runs against a started platform.
     *
     * @param scale 1.0 for the full scenario from the command line; smaller in the test suite (shorter phases)
     */
    Report run(Platform platform, double scale) throws Exception;

    static Duration scaled(Duration full, double scale) {
        return Duration.ofMillis(Math.max(1_000, (long) (full.toMillis() * scale)));
    }
}
