package io.plumbline.booking.writer;

import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.booking.support.WriterUnavailableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A circuit breaker (Resilience4j) around every use of the writer: after a few connection failures it opens and
 * writes are refused at once with 503 instead of each waiting for a timeout (ProxySQL holds queries ~10 s when it
 * has no writer). Slow calls count as failures, so a writer that hangs opens it too. It probes again after a short
 * wait and closes when the writer answers. Settings: {@link WriterProperties}.
 */
@Component
public class WriterGuard {

    private final CircuitBreaker breaker;

    WriterGuard(WriterProperties settings, MeterRegistry meters) {
        this.breaker = CircuitBreaker.of("writer", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.window().toSeconds()))
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRatePercent())
                .slowCallDurationThreshold(settings.slowCallThreshold())
                .slowCallRateThreshold(settings.failureRatePercent())
                .waitDurationInOpenState(settings.openWait())
                .permittedNumberOfCallsInHalfOpenState(1)
                .ignoreExceptions(io.plumbline.booking.booking.BookingException.class)
                .recordExceptions(CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class,
                        DataAccessResourceFailureException.class, TransientDataAccessResourceException.class,
                        QueryTimeoutException.class, org.springframework.transaction.TransactionSystemException.class)
                .build());
        meters.gauge("plumbline.writer.circuit.open", breaker, b -> b.getState() == CircuitBreaker.State.OPEN ? 1 : 0);
    }

    /** Runs a call that needs the writer; fails fast with {@link WriterUnavailableException} while the circuit is open. */
    public <T> T call(Supplier<T> call) {
        try {
            return breaker.executeSupplier(call);
        } catch (CallNotPermittedException e) {
            throw new WriterUnavailableException("writer circuit open", e);
        }
    }

    public boolean isOpen() {
        return breaker.getState() == CircuitBreaker.State.OPEN;
    }
}
