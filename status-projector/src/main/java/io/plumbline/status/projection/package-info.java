/** Projections of every topic into the {@code status} schema, idempotent on the event id, with the DLT for poison. */
package io.plumbline.status.projection;
