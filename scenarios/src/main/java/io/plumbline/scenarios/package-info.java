/**
 * The seed's failure story, replayed on real components: the platform under load, faults injected, what
 * customers, Slack and the admin console saw measured, and every accepted booking accounted for.
 */
package io.plumbline.scenarios;
