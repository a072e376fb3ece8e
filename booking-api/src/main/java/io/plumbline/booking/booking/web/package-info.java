/** The customer booking API ({@code /api/bookings}) and the admin booking API ({@code /api/admin/bookings}). */
package io.plumbline.booking.booking.web;
