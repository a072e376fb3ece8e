/** Announcements: public list, admin CRUD, each change published through the outbox. */
package io.plumbline.booking.announcement;
