package io.plumbline.scenarios;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./plumbline scenario NAME…}: starts the platform with everything real that runs here and replays failure
 * scenarios against it, writing a report (Markdown + timeline chart) per scenario.
 */
@Command(name = "plumbline scenario", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Replays failure scenarios on the real local platform and reports what customers, Slack and admins saw.")
public final class ScenarioRunner implements Callable<Integer> {

    static final Map<String, Scenario> SCENARIOS = new LinkedHashMap<>();

    static {
        for (Scenario s : List.of(new PrimaryDown(), new BrokerRestart(), new SlackOutage(), new ServiceCrash(), new BadInput())) {
            SCENARIOS.put(s.name(), s);
        }
    }

    @Parameters(arity = "0..*", description = "Scenarios to run (default: all): ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    List<String> names = new ArrayList<>();

    @Option(names = "--scale", defaultValue = "1.0", description = "Phase length factor (default ${DEFAULT-VALUE}; the test suite uses less).")
    double scale;

    @Option(names = "--out", defaultValue = "target/scenarios", description = "Where reports go (default ${DEFAULT-VALUE}).")
    Path out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ScenarioRunner()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> selected = names.isEmpty() ? List.copyOf(SCENARIOS.keySet()) : names;
        for (String name : selected) {
            if (!SCENARIOS.containsKey(name)) {
                System.err.println("unknown scenario " + name + "; known: " + SCENARIOS.keySet());
                return 2;
            }
        }
        boolean allPassed = true;
        for (String name : selected) {
            Report report = run(SCENARIOS.get(name), scale, out.resolve(name));
            allPassed &= report.passed();
        }
        return allPassed ? 0 : 1;
    }

    /** Runs one scenario on a fresh platform (faults leave traces) and writes its report. */
    static Report run(Scenario scenario, double scale, Path dir) throws Exception {
        System.out.println("== scenario " + scenario.name() + ": " + scenario.description());
        try (Platform platform = Platform.start(dir.resolve("platform"), Path.of("").toAbsolutePath(), Platform.BOOKING_REPLICAS, true)) {
            Report report = scenario.run(platform, scale);
            Path file = report.write(dir);
            System.out.println("== " + scenario.name() + ": " + (report.passed() ? "PASSED" : "FAILED " + report.failedChecks())
                    + " — report " + file.toAbsolutePath());
            return report;
        }
    }

    static final class Names extends ArrayList<String> {
        Names() {
            super(SCENARIOS.keySet());
        }
    }
}
