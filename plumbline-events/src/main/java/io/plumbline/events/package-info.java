/** Plumbline's event contracts: the topic catalogue, the CloudEvents envelope and the payload records. */
package io.plumbline.events;
