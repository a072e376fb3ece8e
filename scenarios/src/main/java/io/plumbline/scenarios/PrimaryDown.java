package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.plumbline.events.Topics;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.localstack.infra.ServiceProcess;

/**
 * The seed's story: the primary dies at night under booking load. New bookings stop cleanly (503) while look-ups
 * keep working, emergency maintenance reaches every replica, Slack says {@code [FATAL ERROR]}; the replica is
 * promoted, maintenance ends, the old primary is repaired and rejoins, Slack says {@code [RESOLVED]} in the
 * thread; no accepted booking is lost or duplicated.
 */
final class PrimaryDown implements Scenario {

    @Override
    public String name() {
        return "primary-down";
    }

    @Override
    public String description() {
        return "kill the MariaDB primary under booking load, promote the replica, rejoin the old primary";
    }

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        Timeline timeline = new Timeline();
        List<String> urls = platform.bookingApis().stream().map(ServiceProcess::baseUrl).toList();
        Duration steady = Scenario.scaled(Duration.ofSeconds(20), scale);
        Duration observe = Duration.ofSeconds(90);
        LoadGenerator load = new LoadGenerator(urls, 5);
        load.start(Duration.ofMinutes(10));
        timeline.mark("load started (5 bookings/s + look-ups, " + urls.size() + " booking-api replicas)");
        Waits.pause(steady);

        Instant killed = timeline.mark("primary mysql-m killed").at();
        platform.infra().stopPrimary();
        Waits.observe(timeline, "first booking refused with 503", observe,
                () -> firstOutcome(load, o -> o.operation().equals("book") && o.status() == 503, killed));
        Waits.observe(timeline, "emergency maintenance published", observe,
                () -> firstEvent(platform, MaintenanceStateChanged.Mode.EMERGENCY, killed));
        Waits.observe(timeline, "Slack: [FATAL ERROR]", observe,
                () -> platform.slack().delivered().stream().filter(m -> m.body().contains("[FATAL ERROR]"))
                        .map(SlackStub.Message::at).filter(t -> t.isAfter(killed)).findFirst());
        Waits.observe(timeline, "look-up answered during the outage", observe,
                () -> firstOutcome(load, o -> o.operation().equals("lookup") && o.status() == 200,
                        timeline.find("emergency maintenance published").map(Timeline.Mark::at).orElse(killed)));
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));

        Instant promoted = timeline.mark("replica mysql-s promoted (Orchestrator's steps)").at();
        platform.promoteReplica();
        Waits.observe(timeline, "maintenance off", observe,
                () -> firstEvent(platform, MaintenanceStateChanged.Mode.OFF, promoted));
        Waits.observe(timeline, "bookings accepted again", observe,
                () -> firstOutcome(load, o -> o.accepted(), promoted));
        Waits.observe(timeline, "Slack: [RESOLVED] in the thread", observe,
                () -> platform.slack().delivered().stream().filter(m -> m.body().contains("[RESOLVED]"))
                        .map(SlackStub.Message::at).filter(t -> t.isAfter(promoted)).findFirst());

        timeline.mark("old primary repaired, rejoins as replica");
        platform.rejoinOldPrimaryAsReplica();
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
        load.close();
        timeline.mark("load stopped");
        Waits.awaitQuietly(Duration.ofSeconds(30), () -> load.accepted().stream().allMatch(o -> platform.events()
                .matching(s -> s.is(Topics.BOOKING_EVENTS, "BookingCreated") && o.bookingCode().equals(s.event().subject()))
                .size() > 0));

        Report report = new Report(name(), timeline, load.outcomes());
        report.figure("primary killed → first 503", "primary mysql-m killed", "first booking refused with 503");
        report.figure("primary killed → emergency maintenance", "primary mysql-m killed", "emergency maintenance published");
        report.figure("primary killed → Slack [FATAL ERROR]", "primary mysql-m killed", "Slack: [FATAL ERROR]");
        report.figure("promotion → maintenance off", "replica mysql-s promoted (Orchestrator's steps)", "maintenance off");
        report.figure("promotion → bookings accepted", "replica mysql-s promoted (Orchestrator's steps)", "bookings accepted again");
        report.figure("promotion → Slack [RESOLVED]", "replica mysql-s promoted (Orchestrator's steps)", "Slack: [RESOLVED] in the thread");
        long slowRefusals = load.outcomes().stream().filter(o -> o.status() == 503 && o.latency().toMillis() > 3_000).count();
        report.check("writes refused fast (every 503 within 3 s)", slowRefusals == 0, slowRefusals + " slower refusals");
        long failed = load.outcomes().stream().filter(BookingClient.Outcome::failed).count();
        report.check("no customer request failed (no 5xx other than 503, no timeout)", failed == 0,
                failed + " failed" + load.outcomes().stream().filter(BookingClient.Outcome::failed).findFirst()
                        .map(o -> ", e.g. " + o.status() + " " + o.problem()).orElse(""));
        for (String mark : List.of("first booking refused with 503", "emergency maintenance published", "Slack: [FATAL ERROR]",
                "look-up answered during the outage", "maintenance off", "bookings accepted again", "Slack: [RESOLVED] in the thread")) {
            report.check(mark, timeline.find(mark).isPresent(), timeline.find(mark).isPresent() ? "observed" : "not observed within 90 s");
        }
        long fatal = platform.slack().delivered().stream().filter(m -> m.body().contains("[FATAL ERROR]") && m.body().contains("MySQLPrimaryDown")).count();
        long resolved = platform.slack().delivered().stream().filter(m -> m.body().contains("[RESOLVED]") && m.body().contains("MySQLPrimaryDown")
                && !m.method().equals("chat.update")).count();
        report.check("Slack got each alert state exactly once", fatal == 1 && resolved == 1,
                fatal + " × [FATAL ERROR] MySQLPrimaryDown, " + resolved + " × [RESOLVED] MySQLPrimaryDown");
        report.check("no service crashed", platform.bookingApis().stream().allMatch(ServiceProcess::isAlive)
                && platform.service(io.plumbline.localstack.infra.ServiceDefinition.ALERT_ROUTER).isAlive()
                && platform.service(io.plumbline.localstack.infra.ServiceDefinition.STATUS_PROJECTOR).isAlive(), "all processes alive");
        Ledger.check(report, platform, platform.infra().replica(), load.accepted());
        return report;
    }

    private static Optional<Instant> firstOutcome(LoadGenerator load, Predicate<BookingClient.Outcome> match, Instant after) {
        return load.outcomes().stream().filter(o -> o.at().isAfter(after)).filter(match)
                .map(o -> o.at().plus(o.latency())).min(Instant::compareTo);
    }

    private static Optional<Instant> firstEvent(Platform platform, MaintenanceStateChanged.Mode mode, Instant after) {
        return platform.events().matching(s -> s.is(Topics.MAINTENANCE, "MaintenanceStateChanged")
                        && s.event().payload(MaintenanceStateChanged.class).mode() == mode && s.at().isAfter(after))
                .stream().map(EventRecorder.Seen::at).findFirst();
    }
}
