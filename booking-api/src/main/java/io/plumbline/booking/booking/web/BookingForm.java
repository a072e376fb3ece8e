package io.plumbline.booking.booking.web;

import java.time.OffsetDateTime;

import io.plumbline.booking.booking.IssueType;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The booking form as posted by the customer page or any client. Messages are keys of {@code i18n/messages}. */
record BookingForm(
        @NotBlank(message = "{booking.name.required}") @Size(max = 50, message = "{booking.name.size}") String name,
        @NotBlank(message = "{booking.phone.required}")
        @Pattern(regexp = "^(01[016789]-?[0-9]{3,4}-?[0-9]{4}|0(2|[3-6][1-5]|70)-?[0-9]{3,4}-?[0-9]{4})$", message = "{booking.phone.format}")
        String phone,
        @NotBlank(message = "{booking.address.required}") @Size(min = 5, max = 200, message = "{booking.address.size}") String address,
        @NotNull(message = "{booking.issueType.required}") IssueType issueType,
        @Size(max = 1000, message = "{booking.description.size}") String description,
        @NotNull(message = "{booking.slotStart.required}") OffsetDateTime slotStart) {
}
