package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;

/**
 * Each Plumbline service is killed (SIGKILL) and restarted in turn under load: the other booking-api replica keeps
 * serving, the CDC leadership moves, and every accepted booking is still published exactly once.
 */
final class ServiceCrash implements Scenario {

    @Override
    public String name() {
        return "service-crash";
    }

    @Override
    public String description() {
        return "kill -9 and restart each service in turn under booking load";
    }

    @Override
    public Report run(Platform platform, double scale) throws Exception {
        Timeline timeline = new Timeline();
        List<String> urls = platform.bookingApis().stream().map(ServiceProcess::baseUrl).toList();
        LoadGenerator load = new LoadGenerator(urls, 4);
        load.start(Duration.ofMinutes(8));
        timeline.mark("load started");
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
        List<ServiceProcess> victims = new java.util.ArrayList<>(platform.bookingApis());
        victims.add(platform.service(ServiceDefinition.ALERT_ROUTER));
        victims.add(platform.service(ServiceDefinition.STATUS_PROJECTOR));
        int n = 0;
        for (ServiceProcess victim : victims) {
            n++;
            String label = victim.service().module() + (victim.service() == ServiceDefinition.BOOKING_API ? " #" + n : "");
            timeline.mark(label + " killed");
            victim.kill();
            Waits.pause(Scenario.scaled(Duration.ofSeconds(5), scale));
            victim.start().awaitReady(Duration.ofMinutes(3));
            timeline.mark(label + " ready again");
        }
        Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
        load.close();
        Instant stopped = timeline.mark("load stopped").at();
        Waits.awaitQuietly(Duration.ofSeconds(60), () -> load.accepted().stream().allMatch(o -> !platform.events()
                .matching(s -> s.is(io.plumbline.events.Topics.BOOKING_EVENTS, "BookingCreated")
                        && o.bookingCode().equals(s.event().subject())).isEmpty()));

        Report report = new Report(name(), timeline, load.outcomes());
        long failed = load.outcomes().stream().filter(BookingClient.Outcome::failed).count();
        long total = load.outcomes().size();
        report.figure("customer requests failed while a replica was being killed", failed + " of " + total
                + " (requests in flight on the killed replica; a load balancer retries them elsewhere)");
        report.check("all services back", victims.stream().allMatch(ServiceProcess::isAlive), "alive after " + stopped);
        Ledger.check(report, platform, platform.infra().primary(), load.accepted());
        return report;
    }
}
