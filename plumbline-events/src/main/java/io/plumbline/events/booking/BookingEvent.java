package io.plumbline.events.booking;

import io.plumbline.events.EventPayload;

/** The booking domain's events: booking-api's facts: bookings and announcements. A new one is a record here, permitted below. */
public sealed interface BookingEvent extends EventPayload permits AnnouncementPublished, AnnouncementWithdrawn, BookingCancelled, BookingCreated, BookingStatusChanged {
}
