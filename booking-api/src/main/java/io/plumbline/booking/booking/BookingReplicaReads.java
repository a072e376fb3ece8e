package io.plumbline.booking.booking;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Look-ups on the read-only replica: what keeps "find my booking" working while the writer is gone. */
@Component
public class BookingReplicaReads {

    private final BookingStore replica;

    BookingReplicaReads(@Qualifier("replicaJdbcTemplate") JdbcTemplate replicaJdbc) {
        this.replica = new BookingStore(replicaJdbc);
    }

    public Optional<BookingService.BookingView> lookUp(String code, String phoneLast4) {
        if (!BookingCode.isWellFormed(code) || phoneLast4 == null) {
            return Optional.empty();
        }
        return replica.find(code)
                .filter(b -> b.provenBy(phoneLast4))
                .map(b -> new BookingService.BookingView(b, replica.historyOf(code)));
    }
}
