package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;

/** The Kafka broker is stopped under booking load and started again: bookings keep being accepted, none is lost. */
final class BrokerRestart implements Scenario {

    @Override
    public String name() {
        return "broker-restart";
    }

    @Override
    public String description() {
        return "stop and restart the Kafka broker under booking load";
    }

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        Timeline timeline = new Timeline();
        List<String> urls = platform.bookingApis().stream().map(ServiceProcess::baseUrl).toList();
        LoadGenerator load = new LoadGenerator(urls, 5);
        load.start(Duration.ofMinutes(5));
        timeline.mark("load started");
        Waits.pause(Scenario.scaled(Duration.ofSeconds(15), scale));
        Instant stopped = timeline.mark("Kafka broker stopped").at();
        platform.infra().stopBroker();
        Waits.pause(Scenario.scaled(Duration.ofSeconds(20), scale));
        Instant started = timeline.mark("Kafka broker started").at();
        platform.infra().startBroker();
        timeline.mark("Kafka broker up");
        Waits.observe(timeline, "bookings made during the outage published", Duration.ofSeconds(90), () -> {
            List<BookingClient.Outcome> during = load.accepted().stream().filter(o -> o.at().isAfter(stopped)).toList();
            boolean all = !during.isEmpty() && during.stream().allMatch(o -> !platform.events()
                    .matching(s -> s.is(Topics.BOOKING_EVENTS, "BookingCreated") && o.bookingCode().equals(s.event().subject())).isEmpty());
            return all ? java.util.Optional.of(Instant.now()) : java.util.Optional.empty();
        });
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
        load.close();
        timeline.mark("load stopped");
        Waits.awaitQuietly(Duration.ofSeconds(60), () -> load.accepted().stream().allMatch(o -> !platform.events()
                .matching(s -> s.is(Topics.BOOKING_EVENTS, "BookingCreated") && o.bookingCode().equals(s.event().subject())).isEmpty()));

        Report report = new Report(name(), timeline, load.outcomes());
        report.figure("broker back → outage bookings published", "Kafka broker started", "bookings made during the outage published");
        long acceptedDuring = load.accepted().stream().filter(o -> o.at().isAfter(stopped) && o.at().isBefore(started)).count();
        long askedDuring = load.outcomes().stream().filter(o -> o.operation().equals("book") && o.at().isAfter(stopped)
                && o.at().isBefore(started)).count();
        report.check("bookings keep being accepted while Kafka is down (the outbox holds them)", acceptedDuring > 0,
                acceptedDuring + " of " + askedDuring + " accepted while the broker was down");
        long failed = load.outcomes().stream().filter(BookingClient.Outcome::failed).count();
        report.check("no customer request failed", failed == 0, failed + " failed"
                + load.outcomes().stream().filter(BookingClient.Outcome::failed).findFirst()
                        .map(o -> ", e.g. " + o.status() + " " + o.problem()).orElse(""));
        report.check("no service crashed", platform.bookingApis().stream().allMatch(ServiceProcess::isAlive)
                && platform.service(ServiceDefinition.ALERT_ROUTER).isAlive()
                && platform.service(ServiceDefinition.STATUS_PROJECTOR).isAlive(), "all processes alive");
        Ledger.check(report, platform, load.accepted());
        return report;
    }
}
