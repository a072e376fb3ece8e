/** Alertmanager's webhook (payload version 4): validated, de-duplicated per episode, durably on {@code ops.alerts.v1}. */
package io.plumbline.alerting.webhook;
