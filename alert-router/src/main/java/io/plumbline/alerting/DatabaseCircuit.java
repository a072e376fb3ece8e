package io.plumbline.alerting;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

/**
 * One circuit breaker for the router's own database, shared by the webhook's de-duplication and the Slack ledger.
 * That schema lives on the cluster the router reports on, so both must carry on without it: once a couple of calls
 * have failed, every caller skips the database at once instead of each waiting out the pool's connection timeout.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseCircuit {

    private static final Logger log = LoggerFactory.getLogger(DatabaseCircuit.class);

    @Bean
    CircuitBreaker routerDatabase() {
        CircuitBreaker breaker = CircuitBreaker.of("router-database", CircuitBreakerConfig.custom()
                .slidingWindowSize(4)
                .minimumNumberOfCalls(2)
                .failureRateThreshold(50)
                .waitDurationInOpenState(Duration.ofSeconds(2))
                .permittedNumberOfCallsInHalfOpenState(1)
                .recordExceptions(DataAccessException.class, TransactionException.class)
                .build());
        breaker.getEventPublisher().onStateTransition(e -> log.warn("router database: {}", e.getStateTransition()));
        return breaker;
    }
}
