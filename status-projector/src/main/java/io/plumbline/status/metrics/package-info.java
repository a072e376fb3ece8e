/** The Prometheus metrics poller: PromQL through the HTTP API, each result published on {@code ops.metrics.v1}. */
package io.plumbline.status.metrics;
