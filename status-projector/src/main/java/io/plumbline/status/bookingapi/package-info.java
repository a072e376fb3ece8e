/** booking-api's admin API as the console calls it: booking status changes and announcements, on behalf of an admin. */
package io.plumbline.status.bookingapi;
