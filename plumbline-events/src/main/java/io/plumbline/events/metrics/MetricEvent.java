package io.plumbline.events.metrics;

import io.plumbline.events.EventPayload;

/** The metrics domain's events: metric samples polled from Prometheus. A new one is a record here, permitted below. */
public sealed interface MetricEvent extends EventPayload permits MetricSampled {
}
