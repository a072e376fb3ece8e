/** The transactional outbox: events written in the same transaction as the change they describe. */
package io.plumbline.booking.outbox;
