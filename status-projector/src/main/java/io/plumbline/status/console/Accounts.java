package io.plumbline.status.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Console accounts stored in {@code console_account}: bcrypt hashes, a role ({@code ADMIN} changes things,
 * {@code VIEWER} only reads), and a lockout after {@code plumbline.console.lockout.max-failures} wrong passwords.
 */
@Component
public class Accounts implements UserDetailsService {

    public enum Role { ADMIN, VIEWER }

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final ConsoleProperties.Lockout lockout;
    private final Clock clock = Clock.systemUTC();

    Accounts(JdbcTemplate jdbc, PasswordEncoder encoder, ConsoleProperties properties) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.lockout = properties.lockout();
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.query(
                "SELECT username, password_hash, role, locked_until FROM console_account WHERE username = ?",
                (rs, i) -> {
                    Timestamp locked = rs.getTimestamp(4);
                    boolean isLocked = locked != null && locked.toInstant().isAfter(clock.instant());
                    return User.withUsername(rs.getString(1)).password(rs.getString(2)).roles(rs.getString(3))
                            .accountLocked(isLocked).build();
                }, normalise(username));
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no such account");
        }
        return found.get(0);
    }

    /** Creates an account; the password is stored only as a bcrypt hash. */
    public void create(String username, String password, Role role) {
        if (password == null || password.length() < 12) {
            throw new IllegalArgumentException("password must have at least 12 characters");
        }
        jdbc.update("INSERT INTO console_account (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                normalise(username), encoder.encode(password), role.name(), Timestamp.from(clock.instant()));
    }

    public boolean anyAdmin() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM console_account WHERE role = 'ADMIN'", Integer.class);
        return n != null && n > 0;
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        String username = normalise(String.valueOf(event.getAuthentication().getName()));
        Instant until = clock.instant().plus(lockout.duration());
        jdbc.update("""
                UPDATE console_account
                   SET failed_attempts = failed_attempts + 1,
                       locked_until = CASE WHEN failed_attempts + 1 >= ? THEN ? ELSE locked_until END
                 WHERE username = ?""", lockout.maxFailures(), Timestamp.from(until), username);
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        jdbc.update("UPDATE console_account SET failed_attempts = 0, locked_until = NULL WHERE username = ?",
                normalise(event.getAuthentication().getName()));
    }

    private static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
