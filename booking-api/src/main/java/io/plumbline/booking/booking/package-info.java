/** Bookings: the domain (codes, statuses, slot rules) and the application service that records them with their events. */
package io.plumbline.booking.booking;
