/**
 * Change data capture of the outbox: Debezium's embedded engine reads the primary's binlog, the EventRouter shapes
 * each outbox row into an event, the publisher sends it to {@code booking.events.v1} as a CloudEvent and deletes the
 * row. Exactly one booking-api replica runs the engine ({@link CdcLeadership}); offsets and schema history live in
 * Kafka, so whichever replica leads next resumes where the last one stopped.
 */
package io.plumbline.booking.cdc;
