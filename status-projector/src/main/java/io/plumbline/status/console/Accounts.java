package io.plumbline.status.console;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Console accounts stored in {@code console_account}: bcrypt hashes, a role ({@code ADMIN} changes things,
 * {@code VIEWER} only reads). Wrong passwords never lock an account; {@link LoginThrottle} slows guessing instead.
 * <p>
 * Management keeps two guard rails: an admin never disables, demotes, deletes or resets themself here, and the last
 * enabled admin can never be disabled, demoted or deleted. Changes that take something away (disable, role change,
 * password replaced) bump the account's session epoch, which ends the sessions signed in before
 * ({@link AccountStanding}). Every refusal is an {@link Refused} naming its {@link Refused.Reason}.
 */
@Component
public class Accounts implements UserDetailsService {

    public enum Role { ADMIN, VIEWER }

    /** Lower-case letters, digits and {@code . _ -}, starting with a letter or digit; 3 to 64 characters. */
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,63}");

    public static final int PASSWORD_MIN = 12;

    /** bcrypt reads only the first 72 bytes; a longer password would be silently cut, so it is refused. */
    public static final int PASSWORD_MAX_BYTES = 72;

    /** No 0/O, 1/l/I: a generated password is read out over the phone. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** One account as the management page shows it; never its password hash. */
    public record Account(String username, Role role, boolean enabled, Instant lastLogin, Instant created) {
    }

    /** What a signed-in session is checked against on every request. */
    public record Standing(Role role, boolean enabled, int sessionEpoch) {
    }

    /** A change the account rules do not allow; the reason is what the user is told. */
    public static final class Refused extends IllegalArgumentException {

        public enum Reason {
            USERNAME_INVALID, USERNAME_TAKEN, PASSWORD_TOO_SHORT, PASSWORD_TOO_LONG, PASSWORD_IS_USERNAME,
            CURRENT_PASSWORD_WRONG, SELF, LAST_ADMIN, ACTOR_NOT_ADMIN, NO_SUCH_ACCOUNT
        }

        private final Reason reason;

        Refused(Reason reason) {
            super(reason.name().toLowerCase(Locale.ROOT).replace('_', ' '));
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final JdbcTemplate jdbc;
    private final PasswordEncoder encoder;
    private final TransactionTemplate transactions;
    private final Clock clock = Clock.systemUTC();

    Accounts(JdbcTemplate jdbc, PasswordEncoder encoder, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.encoder = encoder;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        List<UserDetails> found = jdbc.query(
                "SELECT username, password_hash, role, enabled FROM console_account WHERE username = ?",
                (rs, i) -> User.withUsername(rs.getString(1)).password(rs.getString(2)).roles(rs.getString(3))
                        .disabled(!rs.getBoolean(4)).build(), normalise(username));
        if (found.isEmpty()) {
            throw new UsernameNotFoundException("no such account");
        }
        return found.get(0);
    }

    /**
     * Creates an account; the password is stored only as a bcrypt hash.
     *
     * @throws Refused when the username or password breaks the rules, or the username is taken
     */
    public void create(String username, String password, Role role) {
        String name = normalise(username);
        if (!USERNAME.matcher(name).matches()) {
            throw new Refused(Refused.Reason.USERNAME_INVALID);
        }
        checkPolicy(name, password);
        try {
            jdbc.update("INSERT INTO console_account (username, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
                    name, encoder.encode(password), role.name(), Timestamp.from(clock.instant()));
        } catch (DuplicateKeyException e) {
            throw new Refused(Refused.Reason.USERNAME_TAKEN);
        }
    }

    public boolean anyAdmin() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM console_account WHERE role = 'ADMIN'", Integer.class);
        return n != null && n > 0;
    }

    public List<Account> list() {
        return jdbc.query("SELECT " + COLUMNS + " FROM console_account ORDER BY username", Accounts::account);
    }

    public Optional<Account> find(String username) {
        return jdbc.query("SELECT " + COLUMNS + " FROM console_account WHERE username = ?", Accounts::account,
                normalise(username)).stream().findFirst();
    }

    public Optional<Standing> standing(String username) {
        return jdbc.query("SELECT role, enabled, session_epoch FROM console_account WHERE username = ?",
                (rs, i) -> new Standing(Role.valueOf(rs.getString(1)), rs.getBoolean(2), rs.getInt(3)),
                normalise(username)).stream().findFirst();
    }

    /** An admin sets someone else's password; it ends that account's sessions. */
    public void resetPassword(String actor, String username, String password) {
        change(actor, username, false, account -> {
            checkPolicy(account.username(), password);
            jdbc.update("""
                    UPDATE console_account
                       SET password_hash = ?, session_epoch = session_epoch + 1
                     WHERE username = ?""", encoder.encode(password), account.username());
        });
    }

    /** Disabling ends the account's sessions and refuses its sign-ins (console and API) until enabled again. */
    public void setEnabled(String actor, String username, boolean enabled) {
        change(actor, username, !enabled, account -> jdbc.update(enabled
                ? "UPDATE console_account SET enabled = TRUE WHERE username = ?"
                : "UPDATE console_account SET enabled = FALSE, session_epoch = session_epoch + 1 WHERE username = ?",
                account.username()));
    }

    /** @return the role the account had before */
    public Role changeRole(String actor, String username, Role role) {
        return change(actor, username, role != Role.ADMIN, account -> {
            if (account.role() != role) {
                jdbc.update("UPDATE console_account SET role = ?, session_epoch = session_epoch + 1 WHERE username = ?",
                        role.name(), account.username());
            }
        }).role();
    }

    public void delete(String actor, String username) {
        change(actor, username, true, account ->
                jdbc.update("DELETE FROM console_account WHERE username = ?", account.username()));
    }

    /**
     * A signed-in user replaces their own password, proving the current one; their other sessions end.
     *
     * @return the new session epoch, for the session that made the change to stay signed in
     */
    public int changeOwnPassword(String username, String current, String next) {
        String name = normalise(username);
        return transactions.execute(tx -> {
            List<String> hash = jdbc.queryForList(
                    "SELECT password_hash FROM console_account WHERE username = ? FOR UPDATE", String.class, name);
            if (hash.isEmpty()) {
                throw new Refused(Refused.Reason.NO_SUCH_ACCOUNT);
            }
            if (current == null || !encoder.matches(current, hash.get(0))) {
                throw new Refused(Refused.Reason.CURRENT_PASSWORD_WRONG);
            }
            checkPolicy(name, next);
            jdbc.update("UPDATE console_account SET password_hash = ?, session_epoch = session_epoch + 1 WHERE username = ?",
                    encoder.encode(next), name);
            return jdbc.queryForObject("SELECT session_epoch FROM console_account WHERE username = ?", Integer.class, name);
        });
    }

    /** A password of 23 characters (about 114 bits) in groups of five, e.g. {@code Kq7xe-Rm2Fz-...}. */
    public static String generatePassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** The password policy: at least 12 characters, at most 72 bytes, not the username. */
    public static void checkPolicy(String username, String password) {
        if (password == null || password.length() < PASSWORD_MIN) {
            throw new Refused(Refused.Reason.PASSWORD_TOO_SHORT);
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PASSWORD_MAX_BYTES) {
            throw new Refused(Refused.Reason.PASSWORD_TOO_LONG);
        }
        if (password.strip().equalsIgnoreCase(normalise(username))) {
            throw new Refused(Refused.Reason.PASSWORD_IS_USERNAME);
        }
    }

    /**
     * Runs one management change under a lock on every account row (a handful), so two admins acting at once cannot
     * together remove the last enabled admin, nor one act after the other disabled them. {@code removesAdmin}: the
     * change takes the account out of the enabled admins. The last admin acting on themself hears the stronger reason.
     */
    private Account change(String actor, String username, boolean removesAdmin, java.util.function.Consumer<Account> change) {
        String name = normalise(username);
        String by = normalise(actor);
        return transactions.execute(tx -> {
            List<Account> all = jdbc.query("SELECT " + COLUMNS + " FROM console_account FOR UPDATE", Accounts::account);
            Account account = all.stream().filter(a -> a.username().equals(name)).findFirst()
                    .orElseThrow(() -> new Refused(Refused.Reason.NO_SUCH_ACCOUNT));
            long enabledAdmins = all.stream().filter(a -> a.role() == Role.ADMIN && a.enabled()).count();
            if (removesAdmin && account.role() == Role.ADMIN && account.enabled() && enabledAdmins <= 1) {
                throw new Refused(Refused.Reason.LAST_ADMIN);
            }
            if (by.equals(name)) {
                throw new Refused(Refused.Reason.SELF);
            }
            // the actor's session was checked when the request began; another admin may have disabled them since
            if (all.stream().noneMatch(a -> a.username().equals(by) && a.role() == Role.ADMIN && a.enabled())) {
                throw new Refused(Refused.Reason.ACTOR_NOT_ADMIN);
            }
            change.accept(account);
            return account;
        });
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        jdbc.update("UPDATE console_account SET last_login_at = ? WHERE username = ?",
                Timestamp.from(clock.instant()), normalise(event.getAuthentication().getName()));
    }

    private static final String COLUMNS = "username, role, enabled, last_login_at, created_at";

    private static Account account(ResultSet rs, int row) throws SQLException {
        return new Account(rs.getString(1), Role.valueOf(rs.getString(2)), rs.getBoolean(3), instant(rs.getTimestamp(4)),
                instant(rs.getTimestamp(5)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String normalise(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }
}
