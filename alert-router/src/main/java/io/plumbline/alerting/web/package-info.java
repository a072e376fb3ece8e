/** What every request meets around the controllers: the filter chain's problem answers and log-safe request values. */
package io.plumbline.alerting.web;
