/** The alert episode rule: which webhook deliveries and events move an alert forward, and which are stale. */
package io.plumbline.alerting.alert;
