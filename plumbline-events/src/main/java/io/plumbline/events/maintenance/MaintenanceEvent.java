package io.plumbline.events.maintenance;

import io.plumbline.events.EventPayload;

/** The maintenance domain's events: the maintenance state of a scope. A new one is a record here, permitted below. */
public sealed interface MaintenanceEvent extends EventPayload permits MaintenanceStateChanged {
}
