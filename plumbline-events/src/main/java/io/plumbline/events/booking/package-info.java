/** Facts about bookings and announcements, published by booking-api through its outbox on {@code booking.events.v1}. */
package io.plumbline.events.booking;
