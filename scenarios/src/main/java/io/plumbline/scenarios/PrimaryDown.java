package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.plumbline.events.Topics;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;

/**
 * The seed's story: the primary dies at night under booking load. New bookings stop cleanly (503) while look-ups
 * keep working, emergency maintenance reaches every replica, the platform's own {@code WriterLost} is the first thing
 * Slack shows and Alertmanager's {@code [FATAL ERROR]} joins its thread; the replica is promoted 8 s after the kill (as
 * Orchestrator would), the write probe verifies it and maintenance ends within seconds, the old primary is repaired
 * and rejoins, Slack says {@code [RESOLVED]} in the thread. No accepted booking is lost or duplicated.
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

    static final String ALERT = "MySQLPrimaryDown";
    private static final String KILLED = "primary mysql-m killed";
    private static final String PROMOTED = "replica mysql-s promoted (Orchestrator's steps)";
    private static final String FIRST_503 = "first booking refused with 503";
    private static final String MAINTENANCE_PUBLISHED = "emergency maintenance published";
    private static final String MAINTENANCE_EVERYWHERE = "emergency maintenance on every booking-api replica";
    private static final String CONSOLE_SHOWS = "console shows mysql-m down";
    private static final String FATAL = "Slack: [FATAL ERROR] " + ALERT;
    private static final String LOOKUP = "look-up answered during the outage";
    private static final String OFF_EVERYWHERE = "maintenance off on every booking-api replica";
    private static final String ACCEPTED_AGAIN = "bookings accepted again";
    private static final String RESOLVED = "Slack: [RESOLVED] " + ALERT + " in the alert's thread";
    private static final String STREAM_LOST = "console's live stream shows WriterLost";
    private static final String STREAM_EMERGENCY = "console's live stream shows the emergency maintenance";
    private static final String FIRST_SLACK = "Slack: first message about the fault (the platform's WriterLost)";
    private static final String VERIFIED = "write probe verified the new writer";
    /** Orchestrator's DeadMaster recovery on the seed's network: detection plus promotion, measured ~8 s. */
    static final Duration PROMOTION_AFTER_KILL = Duration.ofSeconds(8);
    /** Kill → bookings accepted again on every replica: within 5 s of a verified promotion at 8 s, with room to spare. */
    static final Duration WRITE_OUTAGE_BOUND = Duration.ofSeconds(15);
    static final Duration FIRST_SLACK_BOUND = Duration.ofMillis(2500);

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        List<String> urls = platform.bookingApis().stream().map(ServiceProcess::baseUrl).toList();
        Duration steady = Scenario.scaled(Duration.ofSeconds(20), scale);
        Duration observe = Duration.ofSeconds(90);
        String primary = platform.infra().primary().name();
        Console console = new Console(platform.service(ServiceDefinition.STATUS_PROJECTOR).baseUrl(), platform.consoleAdmin());
        boolean signedIn = console.signIn();
        Timeline timeline = new Timeline(); // t = 0 when the load starts, as in the other scenarios
        try (MaintenanceWatch maintenance = new MaintenanceWatch(urls);
                Sampler consoleRed = new Sampler("console", Duration.ofMillis(500),
                        () -> console.overview().map(html -> Console.showsServerDown(html, primary)).orElse(false));
                Console.LiveStream stream = console.openLiveStream();
                LoadGenerator load = new LoadGenerator(urls, 5)) {
            load.start(Duration.ofMinutes(10));
            timeline.mark("load started (5 bookings/s + look-ups, " + urls.size() + " booking-api replicas)");
            Waits.pause(steady);
            boolean consoleRedBefore = consoleRed.firstAfter(timeline.start()).isPresent();

            Instant killed = timeline.mark(KILLED).at();
            platform.infra().stopPrimary();
            // every probe reads what was recorded as it happened, so the order of these waits does not skew the times
            Waits.observe(timeline, FIRST_503, observe,
                    () -> firstOutcome(load, o -> o.operation().equals("book") && o.status() == 503, killed));
            Waits.observe(timeline, MAINTENANCE_PUBLISHED, observe,
                    () -> firstEvent(platform, MaintenanceStateChanged.Mode.EMERGENCY, killed));
            Waits.observe(timeline, MAINTENANCE_EVERYWHERE, observe, () -> maintenance.everyReplica("EMERGENCY", true, killed));
            Waits.observe(timeline, CONSOLE_SHOWS, observe, () -> consoleRed.firstAfter(killed));
            Waits.observe(timeline, STREAM_LOST, observe, () -> stream.first("WriterLost", killed));
            Waits.observe(timeline, STREAM_EMERGENCY, observe, () -> stream.first("EMERGENCY", killed));
            Waits.observe(timeline, FIRST_SLACK, observe, () -> firstSlackPost(platform, killed).map(SlackStub.Message::at));
            Waits.observe(timeline, FATAL, observe, () -> fatal(platform, killed).map(SlackStub.Message::at));
            Waits.observe(timeline, LOOKUP, observe, () -> firstOutcome(load, o -> o.operation().equals("lookup") && o.status() == 200,
                    timeline.find(MAINTENANCE_PUBLISHED).map(Timeline.Mark::at).orElse(killed)));
            Waits.pause(Duration.between(Instant.now(), killed.plus(PROMOTION_AFTER_KILL)));

            Instant promoted = timeline.mark(PROMOTED).at();
            platform.promoteReplica();
            Waits.observe(timeline, VERIFIED, observe, () -> verifiedWriter(platform, promoted));
            Waits.observe(timeline, "maintenance off", observe, () -> firstEvent(platform, MaintenanceStateChanged.Mode.OFF, promoted));
            Waits.observe(timeline, OFF_EVERYWHERE, observe, () -> maintenance.everyReplica("OFF", false, promoted));
            Waits.observe(timeline, ACCEPTED_AGAIN, observe, () -> firstOutcome(load, o -> o.accepted(), promoted));
            Waits.observe(timeline, RESOLVED, observe, () -> fatal(platform, killed)
                    .flatMap(f -> resolvedReplies(platform, f).stream().findFirst()).map(SlackStub.Message::at));

            timeline.mark("old primary repaired, rejoins as replica");
            Platform.Rejoin rejoin = platform.rejoinOldPrimaryAsReplica();
            if (rejoin.recloned()) {
                timeline.mark("old primary had errant transactions: re-cloned from the new primary");
            }
            if (rejoin.replicating()) {
                timeline.mark("old primary replicates from the new primary");
            }
            Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
            Instant slackUntil = Instant.now(); // the Slack checks count what the outage caused, up to here
            load.close();
            timeline.mark("load stopped");
            Waits.awaitQuietly(Duration.ofSeconds(30), () -> load.accepted().stream().allMatch(o -> platform.events()
                    .matching(s -> s.is(Topics.BOOKING_EVENTS, "BookingCreated") && o.bookingCode().equals(s.event().subject()))
                    .size() > 0));

            Report report = new Report(name(), timeline, load.outcomes());
            report.figure("primary killed → first 503", KILLED, FIRST_503);
            report.figure("primary killed → emergency maintenance published", KILLED, MAINTENANCE_PUBLISHED);
            report.figure("primary killed → emergency maintenance on every booking-api replica", KILLED, MAINTENANCE_EVERYWHERE);
            report.figure("primary killed → console shows it (overview, DB probe in red)", KILLED, CONSOLE_SHOWS);
            report.figure("primary killed → console's live stream shows WriterLost", KILLED, STREAM_LOST);
            report.figure("primary killed → Slack [FATAL ERROR]", KILLED, FATAL);
            report.figure("primary killed → first Slack message (the platform's WriterLost)", KILLED, FIRST_SLACK);
            report.figure("promotion → write probe verified the new writer", PROMOTED, VERIFIED);
            report.figure("promotion → maintenance off on every booking-api replica", PROMOTED, OFF_EVERYWHERE);
            report.figure("promotion → bookings accepted", PROMOTED, ACCEPTED_AGAIN);
            report.figure("primary killed → bookings accepted again", KILLED, ACCEPTED_AGAIN);
            report.figure("promotion → Slack [RESOLVED] in the thread", PROMOTED, RESOLVED);
            List<BookingClient.Outcome> slow = load.outcomes().stream().filter(o -> o.status() == 503 && o.latency().toMillis() > 3_000)
                    .sorted(java.util.Comparator.comparing(BookingClient.Outcome::latency).reversed()).toList();
            report.check("writes refused fast (every 503 within 3 s)", slow.isEmpty(), slow.size() + " slower refusals"
                    + slow.stream().findFirst().map(o -> " (slowest " + Report.format(o.latency()) + ", sent "
                            + Report.format(Duration.between(killed, o.at())) + " after the kill)").orElse(""));
            long failed = load.outcomes().stream().filter(BookingClient.Outcome::failed).count();
            report.check("no customer request failed (no 5xx other than 503, no timeout)", failed == 0,
                    failed + " failed" + load.outcomes().stream().filter(BookingClient.Outcome::failed).findFirst()
                            .map(o -> ", e.g. " + o.status() + " " + o.problem()).orElse(""));
            for (String mark : List.of(FIRST_503, MAINTENANCE_PUBLISHED, FATAL, LOOKUP, STREAM_LOST, STREAM_EMERGENCY,
                    "maintenance off", ACCEPTED_AGAIN)) {
                report.check(mark, timeline.find(mark).isPresent(), timeline.find(mark).isPresent() ? "observed" : "not observed within 90 s");
            }
            for (String replica : maintenance.replicas()) {
                Optional<Instant> on = maintenance.first(replica, "EMERGENCY", true, killed);
                Optional<Instant> off = maintenance.first(replica, "OFF", false, promoted);
                report.check("GET /api/maintenance of " + replica + " said EMERGENCY during the outage and OFF after it",
                        on.isPresent() && off.isPresent(), "EMERGENCY " + since(killed, on) + " after the kill, OFF "
                                + since(promoted, off) + " after the promotion");
            }
            report.check("the console (signed in as its admin) showed " + primary + " down", signedIn && !consoleRedBefore
                    && timeline.find(CONSOLE_SHOWS).isPresent(), !signedIn ? "could not sign in"
                    : consoleRedBefore ? primary + " was already red before the kill" : since(killed, consoleRed.firstAfter(killed))
                            + " after the kill (topology card, probe list)");
            // issue 19's goals, reported against their bounds (not yet met on this machine: see docs/failure-story.md)
            Optional<Duration> outage = timeline.between(KILLED, OFF_EVERYWHERE);
            report.figure("goal: kill → maintenance off everywhere < " + Report.format(WRITE_OUTAGE_BOUND),
                    outage.map(Report::format).orElse("never"));
            boolean platformFirst = firstSlackPost(platform, killed).filter(m -> m.text().contains("WriterLost")).isPresent();
            report.figure("goal: the platform's WriterLost is Slack's first message, < " + Report.format(FIRST_SLACK_BOUND),
                    (platformFirst ? "WriterLost" : "another message") + " first, "
                            + timeline.between(KILLED, FIRST_SLACK).map(Report::format).orElse("never") + " after the kill");
            slackChecks(report, platform, killed, slackUntil);
            report.check("no service crashed", platform.bookingApis().stream().allMatch(ServiceProcess::isAlive)
                    && platform.service(ServiceDefinition.ALERT_ROUTER).isAlive()
                    && platform.service(ServiceDefinition.STATUS_PROJECTOR).isAlive(), "all processes alive");
            report.check("the old primary replicates from the new one (re-cloned first if it held errant transactions)",
                    rejoin.replicating(), rejoin.detail() + (rejoin.recloned() ? "; its binlog had ended at "
                            + rejoin.oldPrimaryBinlog() + ", the new primary's at " + rejoin.newPrimaryBinlog() : ""));
            Ledger.check(report, platform, load.accepted());
            return report;
        }
    }

    /**
     * The seed's Slack story, now one thread: the platform's WriterLost opens it, Alertmanager's [FATAL ERROR] replies in
     * it, its [RESOLVED] too, and the alert's own message is updated. Counted up to {@code until} (the first failover).
     */
    private static void slackChecks(Report report, Platform platform, Instant killed, Instant until) {
        List<SlackStub.Message> delivered = platform.slack().delivered().stream().filter(m -> m.at().isBefore(until)).toList();
        List<SlackStub.Message> fatals = delivered.stream().filter(m -> m.isPost() && m.text().contains("[FATAL ERROR] " + ALERT)).toList();
        List<SlackStub.Message> resolveds = delivered.stream().filter(m -> m.isPost() && m.text().contains("[RESOLVED] " + ALERT)).toList();
        report.check("Slack got each alert state exactly once", fatals.size() == 1 && resolveds.size() == 1,
                fatals.size() + " × [FATAL ERROR] " + ALERT + ", " + resolveds.size() + " × [RESOLVED] " + ALERT);
        Optional<SlackStub.Message> fatal = fatal(platform, killed);
        String consoleUrl = platform.service(ServiceDefinition.STATUS_PROJECTOR).baseUrl();
        List<String> missing = fatal.map(f -> java.util.stream.Stream.of("[FATAL ERROR] " + ALERT, "상세 내용", "대상 서버",
                "<" + consoleUrl + "|관리자 대시보드 접속>").filter(part -> !f.text().contains(part)).toList()).orElse(List.of("the message"));
        report.check("[FATAL ERROR] in the seed's format (상세 내용, 대상 서버, 관리자 대시보드 접속 → the console)", missing.isEmpty(),
                missing.isEmpty() ? "all present" : "missing " + String.join(", ", missing));
        Optional<SlackStub.Message> writerLost = firstSlackPost(platform, killed).filter(m -> m.text().contains("WriterLost"));
        boolean joined = fatal.isPresent() && writerLost.isPresent() && writerLost.get().ts() != null
                && writerLost.get().ts().equals(fatal.get().threadTs());
        report.figure("goal: Alertmanager's [FATAL ERROR] joins the platform's WriterLost thread", joined ? "joined"
                : fatal.map(f -> f.isThreadReply() ? "reply in thread " + f.threadTs() : "a second top-level message")
                        .orElse("no [FATAL ERROR]"));
        List<SlackStub.Message> replies = fatal.map(f -> resolvedReplies(platform, f)).orElse(List.of());
        report.check("[RESOLVED] is a reply in the same thread", !replies.isEmpty() && replies.size() == resolveds.size(),
                fatal.map(f -> replies.size() + " of " + resolveds.size() + " [RESOLVED] with thread_ts " + root(f)).orElse("no [FATAL ERROR]"));
        boolean updated = fatal.map(f -> delivered.stream().anyMatch(m -> m.method().equals("chat.update") && f.ts().equals(m.updateTs())
                && m.text().contains("[RESOLVED] " + ALERT))).orElse(false);
        report.check("the [FATAL ERROR] message itself now says [RESOLVED] (chat.update)", updated, updated ? "updated" : "not updated");
    }

    /** Alertmanager's [FATAL ERROR] for the dead primary: top-level, or a reply in the platform's incident thread. */
    private static Optional<SlackStub.Message> fatal(Platform platform, Instant after) {
        return platform.slack().delivered().stream().filter(m -> m.at().isAfter(after) && m.isPost()
                && m.ts() != null && m.text().contains("[FATAL ERROR] " + ALERT)).findFirst();
    }

    /** The first top-level message Slack received after {@code after}. */
    private static Optional<SlackStub.Message> firstSlackPost(Platform platform, Instant after) {
        return platform.slack().delivered().stream().filter(m -> m.at().isAfter(after) && m.isPost() && !m.isThreadReply())
                .findFirst();
    }

    /** The thread a message belongs to: its own ts when top-level, its parent's when a reply. */
    private static String root(SlackStub.Message message) {
        return message.isThreadReply() ? message.threadTs() : message.ts();
    }

    private static List<SlackStub.Message> resolvedReplies(Platform platform, SlackStub.Message fatal) {
        return platform.slack().delivered().stream().filter(m -> m.isPost() && m.isThreadReply() && root(fatal).equals(m.threadTs())
                && m.text().contains("[RESOLVED] " + ALERT)).toList();
    }

    /** When the write probe verified a writer again ({@code WriterRestored} with {@code probeVerified}). */
    private static Optional<Instant> verifiedWriter(Platform platform, Instant after) {
        return platform.events().matching(s -> s.is(Topics.DB_TOPOLOGY, "WriterRestored")
                        && s.event().payload(io.plumbline.events.topology.WriterRestored.class).probeVerified() && s.at().isAfter(after))
                .stream().map(EventRecorder.Seen::at).findFirst();
    }

    private static String since(Instant from, Optional<Instant> to) {
        return to.map(t -> Report.format(Duration.between(from, t))).orElse("never");
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
