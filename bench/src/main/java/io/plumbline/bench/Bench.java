package io.plumbline.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./plumbline bench NAME}: benchmarks on the real local stack (127.0.0.1 only, bounded in count and time),
 * each reported as a ratio against a baseline measured in the same run. Results go to {@code docs/performance.md}.
 */
@Command(name = "plumbline bench", mixinStandardHelpOptions = true, subcommands = {BookingBench.class, MaintenanceBench.class, ProjectionBench.class, BackupBench.class},
        description = "Benchmarks against the real local stack.")
public final class Bench implements Runnable {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Bench()).execute(args));
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
