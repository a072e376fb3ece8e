package io.plumbline.booking.writer;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * A circuit breaker (Resilience4j) around every use of the writer: after a few connection failures it opens and
 * writes are refused at once with 503 instead of each waiting for a timeout (ProxySQL holds queries ~10 s when it
 * has no writer). Slow calls count as failures, so a writer that hangs opens it too. While it is open a probe asks the
 * writer every {@code probe-interval} whether it takes writes ({@code @@global.read_only = 0} on a valid connection);
 * the first yes closes the breaker at once, so customers can book again as soon as a promoted writer answers rather
 * than after a fixed wait or a customer's request used as the probe. Settings: {@link WriterProperties}.
 */
@Component
public class WriterGuard implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WriterGuard.class);

    private final CircuitBreaker breaker;
    private final DataSource writer;
    private final Duration probeInterval;
    private final MeterRegistry meters;
    private final ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "writer-probe");
        t.setDaemon(true);
        return t;
    });

    WriterGuard(WriterProperties settings, MeterRegistry meters, @Qualifier("dataSource") DataSource writer) {
        this.writer = writer;
        this.probeInterval = settings.probeInterval();
        this.meters = meters;
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
        prober.scheduleWithFixedDelay(this::probeWhileOpen, probeInterval.toMillis(), probeInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** While the breaker is open: one question to the writer; a writer that takes writes closes the breaker. */
    void probeWhileOpen() {
        if (breaker.getState() != CircuitBreaker.State.OPEN) {
            return;
        }
        boolean writable = takesWrites();
        meters.counter("plumbline.writer.circuit.probes", "outcome", writable ? "writable" : "refused").increment();
        if (writable && breaker.getState() == CircuitBreaker.State.OPEN) {
            breaker.transitionToClosedState();
            log.info("writer answers and takes writes again: circuit closed");
        }
    }

    private boolean takesWrites() {
        try (Connection c = writer.getConnection(); Statement st = c.createStatement()) {
            st.setQueryTimeout(1);
            try (ResultSet rs = st.executeQuery("SELECT @@global.read_only")) {
                return rs.next() && rs.getInt(1) == 0;
            }
        } catch (Exception e) {
            return false;
        }
    }

    /** When a refused client should try again: the next probe while the breaker is open. */
    public Duration retryAfter() {
        return isOpen() ? probeInterval : Duration.ZERO;
    }

    @Override
    public void destroy() {
        prober.shutdownNow();
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
