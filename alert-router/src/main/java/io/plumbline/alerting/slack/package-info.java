/** Slack: settings, routing by label matchers, message templates (Block Kit + fallback text) and the Web API client. */
package io.plumbline.alerting.slack;
