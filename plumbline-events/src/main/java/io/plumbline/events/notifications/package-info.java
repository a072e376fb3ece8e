/** Slack delivery outcomes on {@code ops.notifications.v1}, produced by alert-router. */
package io.plumbline.events.notifications;
