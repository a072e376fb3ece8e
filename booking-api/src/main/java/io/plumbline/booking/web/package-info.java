/** The customer web page: booking form, look-up, announcements and the maintenance banner. */
package io.plumbline.booking.web;
