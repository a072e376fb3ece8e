package io.plumbline.events;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plumbline.events.alerts.AlertEvent;
import io.plumbline.events.backups.BackupEvent;
import io.plumbline.events.booking.BookingEvent;
import io.plumbline.events.maintenance.MaintenanceEvent;
import io.plumbline.events.metrics.MetricEvent;
import io.plumbline.events.notifications.NotificationEvent;
import io.plumbline.events.topology.TopologyEvent;

/**
 * Maps payload records to CloudEvents types ({@code plumbline.<domain>.<Name>}) and back. The registry is every record
 * a domain's sealed hierarchy permits, so a record joins it by being permitted there; {@code EventTypesTest} fails
 * for a payload that sits outside every hierarchy.
 */
public final class EventTypes {

    /** One sealed hierarchy per domain. */
    public static final List<Class<? extends EventPayload>> DOMAINS = List.of(BookingEvent.class, AlertEvent.class,
            NotificationEvent.class, TopologyEvent.class, MaintenanceEvent.class, BackupEvent.class, MetricEvent.class);

    private static final Map<String, Class<? extends EventPayload>> BY_TYPE = new LinkedHashMap<>();

    static {
        for (Class<? extends EventPayload> domain : DOMAINS) {
            for (Class<?> type : domain.getPermittedSubclasses()) {
                BY_TYPE.put(typeOf(type.asSubclass(EventPayload.class)), type.asSubclass(EventPayload.class));
            }
        }
    }

    private EventTypes() {
    }

    /** The CloudEvents type of a payload class, e.g. {@code plumbline.booking.BookingCreated}. */
    public static String typeOf(Class<? extends EventPayload> payloadClass) {
        String pkg = payloadClass.getPackageName();
        String domain = pkg.substring(pkg.lastIndexOf('.') + 1);
        return "plumbline." + domain + "." + payloadClass.getSimpleName();
    }

    /** The payload class registered for a CloudEvents type, if this version of the contracts knows it. */
    public static Optional<Class<? extends EventPayload>> payloadClass(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** Every registered payload record, domain by domain. */
    public static Collection<Class<? extends EventPayload>> all() {
        return List.copyOf(BY_TYPE.values());
    }
}
