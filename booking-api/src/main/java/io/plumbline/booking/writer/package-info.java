/**
 * The two data sources (writer through ProxySQL's writer hostgroup, read-only replica for look-ups) and the circuit
 * breaker that makes writes fail fast with 503 when the writer is gone.
 */
package io.plumbline.booking.writer;
