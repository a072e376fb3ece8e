package io.plumbline.status.console;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.local.LocalBucketBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.plumbline.events.logging.LogSafe;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing without letting anyone keep an account out (OWASP's advice instead of a lock-out). Two kinds
 * of Bucket4j bucket, each a staircase of limits ({@link ConsoleProperties.LoginThrottle}) so the wait grows as
 * failures pile up:
 * <ul>
 * <li>per client address: every attempt takes a token before the password is checked (so parallel guesses cannot
 * slip past), a successful sign-in from the address gives all of them back;</li>
 * <li>per account: every failure for the account, from any address, takes a token. When they are spent, an address
 * that has already failed for this account waits; an address that has not is let through to the password check, so
 * guesses from attacker addresses can never keep the owner, at another address, out. A successful sign-in refills it.</li>
 * </ul>
 * Every decision to throttle is audited (once per key and throttled period, so a flood of refused attempts is not a
 * flood of database writes) and every refused attempt is counted in {@code plumbline.console.login.throttled}
 * tagged by reason. The buckets live in this replica's memory (docs/security.md says why that is enough); the maps
 * are bounded, and a key is forgotten once its bucket would be full again.
 */
@Component
public class LoginThrottle {

    public enum Reason {
        ADDRESS, ACCOUNT;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** One sign-in in progress: what {@link #failed} and {@link #succeeded} need to know. */
    record Attempt(String address, String account, boolean failedBefore) {
    }

    private final List<ConsoleProperties.Limit> perAddress;
    private final List<ConsoleProperties.Limit> perAccount;
    private final Cache<String, Bucket> addresses;
    private final Cache<String, Bucket> accounts;
    /** "account address" pairs that failed recently: only these wait once the account's bucket is spent. */
    private final Cache<String, Boolean> failedPairs;
    /** Until when a throttled key's decision is already in the audit log. */
    private final Cache<String, Instant> audited;
    private final Map<Reason, Counter> throttled = new EnumMap<>(Reason.class);
    private final ApplicationEventPublisher events;
    private final Clock clock = Clock.systemUTC();

    LoginThrottle(ConsoleProperties properties, ApplicationEventPublisher events, MeterRegistry meters) {
        ConsoleProperties.LoginThrottle settings = properties.loginThrottle();
        this.perAddress = settings.perAddress();
        this.perAccount = settings.perAccount();
        this.events = events;
        Duration keep = settings.longest();
        this.addresses = Caffeine.newBuilder().maximumSize(settings.maxTracked()).expireAfterAccess(keep).build();
        this.accounts = Caffeine.newBuilder().maximumSize(settings.maxTracked()).expireAfterAccess(keep).build();
        this.failedPairs = Caffeine.newBuilder().maximumSize(settings.maxTracked()).expireAfterWrite(keep).build();
        this.audited = Caffeine.newBuilder().maximumSize(settings.maxTracked()).expireAfterWrite(keep).build();
        for (Reason reason : Reason.values()) {
            throttled.put(reason, Counter.builder("plumbline.console.login.throttled").tag("reason", reason.tag())
                    .description("sign-in attempts refused without a password check, by throttle").register(meters));
        }
    }

    /**
     * Before the password is checked.
     *
     * @throws LoginThrottled when the address, or the account for an address that already failed for it, must wait
     */
    Attempt begin(String address, String username) {
        String account = Accounts.normalise(username);
        ConsumptionProbe byAddress = addresses.get(address, a -> bucket(perAddress)).tryConsumeAndReturnRemaining(1);
        if (!byAddress.isConsumed()) {
            throw refuse(Reason.ADDRESS, address, account, byAddress.getNanosToWaitForRefill());
        }
        boolean failedBefore = failedPairs.getIfPresent(pair(account, address)) != null;
        if (failedBefore) {
            ConsumptionProbe byAccount = accounts.get(account, a -> bucket(perAccount)).tryConsumeAndReturnRemaining(1);
            if (!byAccount.isConsumed()) {
                throw refuse(Reason.ACCOUNT, address, account, byAccount.getNanosToWaitForRefill());
            }
        }
        return new Attempt(address, account, failedBefore);
    }

    /** A wrong password (or a disabled or unknown account): the address's token stays spent. */
    void failed(Attempt attempt) {
        if (!attempt.failedBefore()) { // an address failing again took the account's token in begin()
            accounts.get(attempt.account(), a -> bucket(perAccount)).tryConsume(1);
        }
        failedPairs.put(pair(attempt.account(), attempt.address()), Boolean.TRUE);
    }

    /** The right password: both the address and the account start afresh. */
    void succeeded(Attempt attempt) {
        addresses.invalidate(attempt.address());
        accounts.invalidate(attempt.account());
        failedPairs.invalidate(pair(attempt.account(), attempt.address()));
    }

    /**
     * Until when this account's bucket is spent on this replica: until then, addresses that failed for it wait.
     *
     * @return {@code null} when the account is not throttled (the accounts page shows it)
     */
    public Instant accountThrottledUntil(String username) {
        Bucket bucket = accounts.getIfPresent(Accounts.normalise(username));
        if (bucket == null) {
            return null;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? null
                : clock.instant().plusNanos(probe.getNanosToWaitForRefill()).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    }

    /**
     * Until when this client address must wait on this replica before its next attempt.
     *
     * @return {@code null} when it may try now
     */
    public Instant addressThrottledUntil(String address) {
        Bucket bucket = addresses.getIfPresent(address);
        if (bucket == null) {
            return null;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(1);
        return probe.canBeConsumed() ? null : clock.instant().plusNanos(probe.getNanosToWaitForRefill());
    }

    private LoginThrottled refuse(Reason reason, String address, String account, long nanosToWait) {
        Instant now = clock.instant();
        Instant retryAt = now.plusNanos(nanosToWait);
        throttled.get(reason).increment();
        String key = reason == Reason.ADDRESS ? "address " + address : "account " + account;
        boolean first = audited.asMap().compute(key, (k, until) -> until != null && until.isAfter(now) ? until : retryAt) == retryAt;
        LoginThrottled refusal = new LoginThrottled(reason, retryAt);
        if (first) {
            events.publishEvent(new SignInThrottled(LogSafe.of(address, 64), LogSafe.of(account, 64),
                    "throttled by " + reason.tag() + "; retry after " + refusal.retryAfterSeconds(now)
                            + " s; further refusals until then are only counted (plumbline.console.login.throttled)"));
        }
        return refusal;
    }

    private static Bucket bucket(List<ConsoleProperties.Limit> limits) {
        LocalBucketBuilder builder = Bucket.builder();
        for (ConsoleProperties.Limit limit : limits) {
            builder.addLimit(l -> l.capacity(limit.failures()).refillGreedy(limit.failures(), limit.per()));
        }
        return builder.build();
    }

    private static String pair(String account, String address) {
        return account + ' ' + address;
    }
}
