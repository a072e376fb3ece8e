package io.plumbline.events.topology;

import io.plumbline.events.EventPayload;

/** The topology domain's events: the database topology as the topology watcher observes it. A new one is a record here, permitted below. */
public sealed interface TopologyEvent extends EventPayload permits FailoverDetected, ReplicationLagHigh, ReplicationStopped, ServerOnline, ServerShunned, WriterLost, WriterRestored {
}
