/** The bookings read model and its pages: bookings, customers and the booking calendar. */
package io.plumbline.status.bookings;
