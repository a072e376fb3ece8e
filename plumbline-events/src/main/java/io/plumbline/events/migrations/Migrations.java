package io.plumbline.events.migrations;

import java.util.Map;

/**
 * Runs a service's Flyway migrations as a step of their own, so that the running service never holds the DDL
 * credential: {@code java -jar <service>.jar migrate} migrates and exits (0, or 1 with the reason on stderr), with no
 * web server, no Kafka and nothing else started. It reads {@code spring.flyway.url}, {@code spring.flyway.user} and
 * {@code spring.flyway.password} (environment {@code SPRING_FLYWAY_URL}, …) and the service's own
 * {@code spring.flyway.locations} from its {@code application.yml}; the service itself runs with
 * {@code spring.flyway.enabled=false}.
 *
 * <pre>{@code
 * public static void main(String[] args) {
 *     Migrations.runIfRequested(args);
 *     SpringApplication.run(BookingApiApplication.class, args);
 * }
 * }</pre>
 */
public final class Migrations {

    /** The single program argument that selects the migration step. */
    public static final String COMMAND = "migrate";

    private Migrations() {
    }

    /** Whether the program was started as the migration step. */
    public static boolean requested(String[] args) {
        return args != null && args.length == 1 && COMMAND.equals(args[0]);
    }

    /** When started as {@code migrate}: runs the migrations and exits the JVM with 0 or 1. Otherwise returns at once. */
    public static void runIfRequested(String[] args) {
        if (!requested(args)) {
            return;
        }
        int code;
        try {
            FlywayStep.run(Map.of());
            code = 0;
        } catch (RuntimeException e) {
            System.err.println("migrate failed: " + reason(e));
            code = 1;
        }
        System.exit(code);
    }

    /**
     * Runs the migrations in this JVM with {@code properties} taking precedence over every other source (tests run the
     * step before the service's context, as the chart and the launcher do). Throws when they fail.
     */
    public static void migrate(Map<String, String> properties) {
        FlywayStep.run(properties);
    }

    private static String reason(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && !b.toString().contains(t.getMessage())) {
                b.append(b.isEmpty() ? "" : ": ").append(t.getMessage());
            }
        }
        return b.isEmpty() ? e.getClass().getSimpleName() : b.toString();
    }
}
