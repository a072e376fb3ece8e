/**
 * Delivery to Slack: Kafka listeners for alerts and platform facts, per-channel pacing, retries honouring Retry-After,
 * thread bookkeeping, storm grouping, dead letters and the delivery-outcome events on {@code ops.notifications.v1}.
 */
package io.plumbline.alerting.delivery;
