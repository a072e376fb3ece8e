package io.plumbline.scenarios;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.infra.ServiceProcess;

/**
 * Plumbline services are killed (SIGKILL) and restarted in turn under load: the other booking-api replica keeps
 * serving, the CDC leadership moves, the projection catches up, and every accepted booking is still published and
 * projected exactly once. In full every service is killed; the shortened form (the test suite) kills the first
 * booking-api replica and status-projector, the two that publish and project the bookings.
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
        List<ServiceProcess> victims = new ArrayList<>();
        if (scale >= 1.0) {
            victims.addAll(platform.bookingApis());
            victims.add(platform.service(ServiceDefinition.ALERT_ROUTER));
        } else {
            victims.add(platform.bookingApis().get(0));
        }
        victims.add(platform.service(ServiceDefinition.STATUS_PROJECTOR));
        List<Window> windows = new ArrayList<>();
        try (LoadGenerator load = new LoadGenerator(urls, 4)) {
            load.start(Duration.ofMinutes(8));
            timeline.mark("load started");
            Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
            for (ServiceProcess victim : victims) {
                String label = victim.service().module() + (victim.service() == ServiceDefinition.BOOKING_API
                        ? " #" + (platform.bookingApis().indexOf(victim) + 1) : "");
                Instant killed = timeline.mark(label + " killed").at();
                victim.kill();
                Waits.pause(Scenario.scaled(Duration.ofSeconds(5), scale));
                victim.start().awaitReady(Duration.ofMinutes(3));
                windows.add(new Window(label, victim, killed, timeline.mark(label + " ready again").at()));
            }
            Waits.pause(Scenario.scaled(Duration.ofSeconds(10), scale));
            load.close();
            timeline.mark("load stopped");
            Waits.awaitQuietly(Duration.ofSeconds(60), () -> load.accepted().stream().allMatch(o -> !platform.events()
                    .matching(s -> s.is(Topics.BOOKING_EVENTS, "BookingCreated") && o.bookingCode().equals(s.event().subject()))
                    .isEmpty()));

            Report report = new Report(name(), timeline, load.outcomes());
            for (Window w : windows) {
                report.figure(w.label() + ": killed → ready again", Report.format(Duration.between(w.killed(), w.ready())));
            }
            // a customer whose request was in flight on the killed replica, or sent to it while it was down, sees a
            // failure a load balancer retries elsewhere; anything else that fails is a real failure
            List<BookingClient.Outcome> failed = load.outcomes().stream().filter(BookingClient.Outcome::failed).toList();
            List<BookingClient.Outcome> unexplained = failed.stream().filter(o -> windows.stream().noneMatch(w -> w.explains(o))).toList();
            report.figure("requests failed on a booking-api replica while it was down", (failed.size() - unexplained.size())
                    + " of " + load.outcomes().size());
            report.check("no request failed on a replica that was up", unexplained.isEmpty(), unexplained.size() + " failed"
                    + unexplained.stream().findFirst().map(o -> ", e.g. " + o.status() + " " + o.problem() + " at " + o.replica()).orElse(""));
            for (Window w : windows) {
                if (w.victim().service() == ServiceDefinition.BOOKING_API) {
                    long elsewhere = load.accepted().stream().filter(o -> !o.replica().equals(w.victim().baseUrl())
                            && o.at().isAfter(w.killed()) && o.at().isBefore(w.ready())).count();
                    report.check("bookings accepted by the other replicas while " + w.label() + " was down", elsewhere > 0,
                            elsewhere + " accepted");
                }
            }
            List<ServiceProcess> all = new ArrayList<>(platform.bookingApis());
            all.add(platform.service(ServiceDefinition.ALERT_ROUTER));
            all.add(platform.service(ServiceDefinition.STATUS_PROJECTOR));
            report.check("every service back and alive", all.stream().allMatch(ServiceProcess::isAlive),
                    all.stream().filter(p -> !p.isAlive()).map(p -> p.service().module() + " dead").findFirst().orElse("all alive"));
            Ledger.check(report, platform, load.accepted());
            return report;
        }
    }

    private record Window(String label, ServiceProcess victim, Instant killed, Instant ready) {

        /** A request to this replica that was in flight at the kill or sent before it was ready again. */
        boolean explains(BookingClient.Outcome o) {
            return o.replica().equals(victim.baseUrl()) && victim.service() == ServiceDefinition.BOOKING_API
                    && o.at().plus(o.latency()).isAfter(killed) && o.at().isBefore(ready);
        }
    }
}
