package io.plumbline.events;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.plumbline.events.alerts.AlertAcknowledged;
import io.plumbline.events.alerts.AlertFiring;
import io.plumbline.events.alerts.AlertResolved;
import io.plumbline.events.alerts.AlertSilenced;
import io.plumbline.events.backups.BackupFailed;
import io.plumbline.events.backups.BackupStarted;
import io.plumbline.events.backups.BackupSucceeded;
import io.plumbline.events.backups.BackupVerified;
import io.plumbline.events.backups.BackupsPruned;
import io.plumbline.events.booking.AnnouncementPublished;
import io.plumbline.events.booking.AnnouncementWithdrawn;
import io.plumbline.events.booking.BookingCancelled;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.booking.BookingStatusChanged;
import io.plumbline.events.maintenance.MaintenanceStateChanged;
import io.plumbline.events.metrics.MetricSampled;
import io.plumbline.events.notifications.NotificationFailed;
import io.plumbline.events.notifications.NotificationRetried;
import io.plumbline.events.notifications.NotificationSent;
import io.plumbline.events.topology.FailoverDetected;
import io.plumbline.events.topology.ReplicationLagHigh;
import io.plumbline.events.topology.ReplicationStopped;
import io.plumbline.events.topology.ServerOnline;
import io.plumbline.events.topology.ServerShunned;
import io.plumbline.events.topology.WriterLost;
import io.plumbline.events.topology.WriterRestored;

/** Maps payload records to CloudEvents types ({@code plumbline.<domain>.<Name>}) and back. */
public final class EventTypes {

    private static final Map<String, Class<? extends EventPayload>> BY_TYPE = new ConcurrentHashMap<>();

    static {
        for (Class<? extends EventPayload> type : java.util.List.of(
                BookingCreated.class, BookingStatusChanged.class, BookingCancelled.class,
                AnnouncementPublished.class, AnnouncementWithdrawn.class,
                AlertFiring.class, AlertResolved.class, AlertAcknowledged.class, AlertSilenced.class,
                NotificationSent.class, NotificationRetried.class, NotificationFailed.class,
                ServerOnline.class, ServerShunned.class, WriterLost.class, WriterRestored.class,
                FailoverDetected.class, ReplicationStopped.class, ReplicationLagHigh.class,
                MaintenanceStateChanged.class,
                BackupStarted.class, BackupSucceeded.class, BackupVerified.class, BackupFailed.class, BackupsPruned.class,
                MetricSampled.class)) {
            BY_TYPE.put(typeOf(type), type);
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
}
