/** Slack interactivity: signed button callbacks (Acknowledge, Silence 1h) turned into events and Alertmanager silences. */
package io.plumbline.alerting.interaction;
