package io.plumbline.booking.booking.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import io.plumbline.booking.booking.BookingException;
import io.plumbline.booking.booking.BookingRequest;
import io.plumbline.booking.booking.BookingService;
import io.plumbline.booking.booking.BookingStatus;
import io.plumbline.booking.booking.HistoryEntry;
import io.plumbline.booking.booking.BookingReplicaReads;
import io.plumbline.booking.writer.WriterUnavailableException;
import io.plumbline.booking.writer.WriterGuard;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The customer booking API. */
@RestController
@RequestMapping("/api/bookings")
class BookingController {

    /** Visible ASCII: a key is an opaque token (a UUID, typically), and the column stores it byte for byte. */
    private static final java.util.regex.Pattern IDEMPOTENCY_KEY = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,100}");
    private static final java.util.regex.Pattern LAST4 = java.util.regex.Pattern.compile("[0-9]{4}");

    private final BookingService bookings;
    private final BookingReplicaReads replica;
    private final WriterGuard writer;
    private final LookupRateLimiter rateLimiter;

    BookingController(BookingService bookings, BookingReplicaReads replica, WriterGuard writer, LookupRateLimiter rateLimiter) {
        this.bookings = bookings;
        this.replica = replica;
        this.writer = writer;
        this.rateLimiter = rateLimiter;
    }

    /** Books a repair: 201 with the booking code; the same {@code Idempotency-Key} again returns the same booking (200). */
    @PostMapping
    ResponseEntity<BookingResponse> create(@Valid @RequestBody BookingForm form,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new BookingException(BookingException.Kind.INVALID, "booking.idempotency.format", "Idempotency-Key");
        }
        BookingRequest request = new BookingRequest(form.name(), form.phone(), form.address(), form.issueType(),
                form.description(), form.slotStart().toInstant());
        String hash = hash(form);
        BookingService.Created created = writer.call(() -> {
            try {
                return bookings.create(request, idempotencyKey, hash);
            } catch (BookingService.IdempotencyRaceException e) {
                return bookings.replayOf(idempotencyKey, hash);
            }
        });
        // every booking starts PENDING: the same first step a look-up shows, without another query
        BookingResponse body = BookingResponse.of(created.booking(),
                java.util.List.of(new HistoryEntry(BookingStatus.PENDING, null, null, created.booking().createdAt())));
        return ResponseEntity.status(created.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
                .location(URI.create("/api/bookings/" + created.booking().code()))
                .body(body);
    }

    /**
     * Looks a booking up with the phone's last four digits as proof (query parameter {@code phoneLast4} or header
     * {@code X-Phone-Last4}). A wrong code and a wrong phone give the same 404.
     */
    @GetMapping("/{code}")
    BookingResponse lookUp(@PathVariable String code, @RequestParam(required = false) String phoneLast4,
            @RequestHeader(name = "X-Phone-Last4", required = false) String headerLast4, HttpServletRequest http) {
        rateLimiter.acquire(http.getRemoteAddr());
        String last4 = last4(headerLast4 != null ? headerLast4 : phoneLast4);
        java.util.Optional<BookingService.BookingView> view;
        if (writer.isOpen()) {
            view = replica.lookUp(code, last4);
        } else {
            try {
                view = writer.call(() -> bookings.lookUp(code, last4));
            } catch (WriterUnavailableException | org.springframework.dao.DataAccessException
                    | org.springframework.transaction.TransactionException e) {
                view = replica.lookUp(code, last4); // the writer is gone: the replica still knows every booking
            }
        }
        return view.map(BookingResponse::of)
                .orElseThrow(() -> new BookingException(BookingException.Kind.NOT_FOUND, "booking.not-found", "code"));
    }

    /** The customer cancels a booking that is still waiting for a technician. */
    @PostMapping("/{code}/cancel")
    BookingResponse cancel(@PathVariable String code, @RequestBody(required = false) CancelForm form,
            @RequestHeader(name = "X-Phone-Last4", required = false) String headerLast4, HttpServletRequest http) {
        rateLimiter.acquire(http.getRemoteAddr());
        String last4 = last4(headerLast4 != null ? headerLast4 : form == null ? null : form.phoneLast4());
        return BookingResponse.of(writer.call(() -> bookings.cancelByCustomer(code, last4)), java.util.List.of());
    }

    /** Absent stays absent (a 404 like a wrong one); present must be four digits, whatever the header's bytes were. */
    private static String last4(String value) {
        if (value != null && !LAST4.matcher(value).matches()) {
            throw new BookingException(BookingException.Kind.INVALID, "booking.phone-last4.format", "phoneLast4");
        }
        return value;
    }

    record CancelForm(String phoneLast4) {
    }

    private static String hash(BookingForm form) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            String canonical = String.join("\u0000", form.name(), form.phone(), form.address(), form.issueType().name(),
                    String.valueOf(form.description()), form.slotStart().toInstant().toString());
            return HexFormat.of().formatHex(digest.digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
