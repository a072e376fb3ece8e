/** Announcements: the console's page over booking-api's admin API, with the projection as its read-only fallback. */
package io.plumbline.status.announcements;
