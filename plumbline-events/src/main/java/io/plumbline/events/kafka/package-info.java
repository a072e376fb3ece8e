/** Kafka plumbing shared by every service: publishing, idempotent consumption and dead letters. */
package io.plumbline.events.kafka;
