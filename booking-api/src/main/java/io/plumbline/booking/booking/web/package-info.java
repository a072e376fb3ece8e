/**
 * The customer booking API ({@code /api/bookings}) with its look-up rate limit, shared by every replica through the
 * booking schema.
 */
package io.plumbline.booking.booking.web;
