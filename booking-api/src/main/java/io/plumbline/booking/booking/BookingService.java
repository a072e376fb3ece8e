package io.plumbline.booking.booking;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.booking.outbox.Outbox;
import io.plumbline.events.booking.BookingCancelled;
import io.plumbline.events.booking.BookingCreated;
import io.plumbline.events.booking.BookingStatusChanged;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records bookings and their changes. Every change writes the booking row, its history and an outbox event in one
 * transaction: either all of it happened, or nothing did.
 */
@Service
public class BookingService {

    /** Who a customer's own actions are attributed to in history and events. */
    public static final String CUSTOMER = "customer";

    private final BookingStore store;
    private final Outbox outbox;
    private final BookingProperties properties;
    private final Clock clock;
    private final MeterRegistry meters;

    BookingService(BookingStore store, Outbox outbox, BookingProperties properties, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Books a repair. With an idempotency key, a repeated request returns the booking of the first one.
     *
     * @param requestHash a digest of the request body: the same key with another body is refused
     */
    @Transactional
    public Created create(BookingRequest request, String idempotencyKey, String requestHash) {
        Instant now = clock.instant();
        if (idempotencyKey != null) {
            Optional<BookingStore.IdempotencyRecord> earlier = store.findIdempotencyKey(idempotencyKey);
            if (earlier.isPresent()) {
                return replay(earlier.get(), requestHash);
            }
        }
        properties.slotPolicy().violation(request.slotStart(), now).ifPresent(key -> {
            throw new BookingException(BookingException.Kind.INVALID, key, "slotStart");
        });
        if (!store.reserveSlot(request.slotStart(), properties.techniciansPerSlot())) {
            meters.counter("plumbline.bookings.rejected", "reason", "slot_full").increment();
            throw new BookingException(BookingException.Kind.CONFLICT, "booking.slot.full", "slotStart");
        }
        Booking booking;
        do {
            booking = new Booking(BookingCode.next(now.atZone(SlotPolicy.SEOUL).toLocalDate()), request.name().trim(),
                    Phone.normalise(request.phone()), request.address().trim(), request.issueType(),
                    request.description() == null ? "" : request.description().trim(), request.slotStart(),
                    BookingStatus.PENDING, null, now, now);
        } while (!store.insert(booking));
        if (idempotencyKey != null && !store.claimIdempotencyKey(idempotencyKey, requestHash, booking.code(), now)) {
            // a concurrent request with the same key won the race: roll this one back and answer with the winner
            throw new IdempotencyRaceException(idempotencyKey);
        }
        store.history(booking.code(), BookingStatus.PENDING, CUSTOMER, null, now);
        outbox.append(new BookingCreated(booking.code(), booking.customerName(), booking.phone(), booking.address(),
                booking.issueType().name(), booking.description(), booking.slotStart(), booking.status().name(), now));
        meters.counter("plumbline.bookings.created", "issue_type", booking.issueType().name()).increment();
        return new Created(booking, false);
    }

    /** Answers a repeated idempotency key from what the first request booked. */
    @Transactional(readOnly = true)
    public Created replayOf(String idempotencyKey, String requestHash) {
        return store.findIdempotencyKey(idempotencyKey).map(r -> replay(r, requestHash))
                .orElseThrow(() -> new BookingException(BookingException.Kind.CONFLICT, "booking.idempotency.in-flight", "Idempotency-Key"));
    }

    private Created replay(BookingStore.IdempotencyRecord earlier, String requestHash) {
        if (!earlier.requestHash().equals(requestHash)) {
            throw new BookingException(BookingException.Kind.INVALID, "booking.idempotency.mismatch", "Idempotency-Key");
        }
        Booking booking = store.find(earlier.bookingCode()).orElseThrow();
        return new Created(booking, true);
    }

    /** A booking, if the code exists and the phone's last four digits match (both failures look the same). */
    @Transactional(readOnly = true)
    public Optional<BookingView> lookUp(String code, String phoneLast4) {
        return find(code, phoneLast4).map(b -> new BookingView(b, store.historyOf(b.code())));
    }

    private Optional<Booking> find(String code, String phoneLast4) {
        if (!BookingCode.isWellFormed(code) || phoneLast4 == null) {
            return Optional.empty();
        }
        return store.find(code).filter(b -> b.provenBy(phoneLast4));
    }

    /** The customer cancels their own booking, allowed while it is still {@code PENDING}. */
    @Transactional
    public Booking cancelByCustomer(String code, String phoneLast4) {
        Booking booking = find(code, phoneLast4).orElseThrow(BookingService::notFound);
        if (!booking.status().customerMayCancel()) {
            throw new BookingException(BookingException.Kind.CONFLICT, "booking.cancel.not-pending", "status");
        }
        return cancel(booking, CUSTOMER, null);
    }

    /** An admin moves a booking along its life cycle (or cancels it), attributed to {@code actor}. */
    @Transactional
    public Booking changeStatus(String code, BookingStatus next, String technician, String actor, String note) {
        Booking booking = store.findForUpdate(code).orElseThrow(BookingService::notFound);
        if (!booking.status().canMoveTo(next)) {
            throw new BookingException(BookingException.Kind.CONFLICT, "booking.status.transition", "status");
        }
        if (next == BookingStatus.CANCELLED) {
            return cancel(booking, actor, note);
        }
        String assigned = next == BookingStatus.ASSIGNED ? technician : next == BookingStatus.PENDING ? null : booking.technician();
        if (next == BookingStatus.ASSIGNED && (technician == null || technician.isBlank())) {
            throw new BookingException(BookingException.Kind.INVALID, "booking.status.technician-required", "technician");
        }
        Instant now = clock.instant();
        Booking changed = booking.withStatus(next, assigned, now);
        if (!store.updateStatus(changed, booking.status())) {
            throw new BookingException(BookingException.Kind.CONFLICT, "booking.status.concurrent", "status");
        }
        store.history(code, next, actor, note, now);
        outbox.append(new BookingStatusChanged(code, booking.status().name(), next.name(), assigned, actor, now));
        return changed;
    }

    private Booking cancel(Booking booking, String actor, String reason) {
        Instant now = clock.instant();
        Booking cancelled = booking.withStatus(BookingStatus.CANCELLED, booking.technician(), now);
        if (!store.updateStatus(cancelled, booking.status())) {
            throw new BookingException(BookingException.Kind.CONFLICT, "booking.status.concurrent", "status");
        }
        store.releaseSlot(booking.slotStart());
        store.history(booking.code(), BookingStatus.CANCELLED, actor, reason, now);
        outbox.append(new BookingCancelled(booking.code(), booking.status().name(), actor, reason, now));
        return cancelled;
    }

    @Transactional(readOnly = true)
    public List<Booking> search(BookingStatus status, String query, Instant from, Instant to, int limit) {
        return store.search(status, query, from, to, limit);
    }

    @Transactional(readOnly = true)
    public Optional<BookingView> get(String code) {
        return store.find(code).map(b -> new BookingView(b, store.historyOf(code)));
    }

    private static BookingException notFound() {
        return new BookingException(BookingException.Kind.NOT_FOUND, "booking.not-found", "code");
    }

    /** @param replayed {@code true} when an idempotency key matched an earlier request */
    public record Created(Booking booking, boolean replayed) {
    }

    /** A booking with its history. */
    public record BookingView(Booking booking, List<HistoryEntry> history) {
    }

    /** Two requests with one idempotency key ran at once; the caller answers from the winner. */
    public static class IdempotencyRaceException extends RuntimeException {
        public IdempotencyRaceException(String key) {
            super("idempotency key " + key + " claimed concurrently");
        }
    }
}
