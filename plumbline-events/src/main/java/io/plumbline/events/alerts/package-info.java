/** Alert facts on {@code ops.alerts.v1}, produced by alert-router from Alertmanager webhooks and Slack actions. */
package io.plumbline.events.alerts;
