/** Metric samples on {@code ops.metrics.v1}, produced by status-projector's Prometheus poller. */
package io.plumbline.events.metrics;
