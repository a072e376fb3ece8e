package io.plumbline.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.Database;
import io.plumbline.localstack.infra.DbAccount;
import io.plumbline.localstack.infra.Flavour;
import io.plumbline.localstack.infra.Infrastructure;
import io.plumbline.localstack.infra.ServiceDefinition;
import io.plumbline.localstack.testing.PlumblineStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database accounts hold what {@code docs/security.md} says and nothing more, on whichever infrastructure runs
 * (embedded MariaDB here, MySQL 8 under Testcontainers in CI), and a running service gets no DDL credential.
 */
@ExtendWith(PlumblineStack.class)
class LeastPrivilegeTest {

    private static final Path SECURITY_MD = Path.of("..", "docs", "security.md");
    private static final Pattern GRANT = Pattern.compile("^GRANT (.+?) ON (\\S+) TO .*$");

    private final Infrastructure infra = PlumblineStack.get();

    @BeforeAll
    static void tablesOtherServicesOwn() throws SQLException {
        // stand-ins for tables the services' migrations create (this module has none of them): the grants are per
        // schema, so what holds for these holds for the real ones
        Infrastructure infra = PlumblineStack.get();
        try (Connection c = connect(infra, null, DbAccount.MIGRATOR); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS status.console_account (username VARCHAR(64) PRIMARY KEY, "
                    + "password_hash VARCHAR(100) NOT NULL)");
            s.execute("CREATE TABLE IF NOT EXISTS booking.least_privilege_probe (id INT PRIMARY KEY)");
        }
    }

    @Test
    void everyAccountHoldsExactlyTheGrantsOfTheTableInSecurityMd() throws Exception {
        Flavour flavour = infra.primary().flavour();
        Map<DbAccount, Map<String, Set<String>>> documented = documentedGrants(flavour);
        assertThat(documented.keySet()).as("every account has its rows in docs/security.md")
                .containsExactlyInAnyOrder(DbAccount.values());
        for (DbAccount account : DbAccount.values()) {
            assertThat(actualGrants(account)).as("SHOW GRANTS of %s on %s vs docs/security.md", account.username(), flavour)
                    .isEqualTo(documented.get(account));
        }
    }

    @Test
    void theBookingServiceAccountCannotChangeSchemasNorReadTheConsolesAccounts() throws Exception {
        try (Connection c = connect(infra, "booking", DbAccount.BOOKING_APP); Statement s = c.createStatement()) {
            // what it is for still works
            s.executeQuery("SELECT COUNT(*) FROM least_privilege_probe").close();
            assertDenied(s, "CREATE TABLE booking.not_allowed (id INT)");
            assertDenied(s, "ALTER TABLE booking.least_privilege_probe ADD COLUMN x INT");
            assertDenied(s, "DROP TABLE booking.least_privilege_probe");
            assertDenied(s, "CREATE INDEX i ON booking.least_privilege_probe (id)");
            assertDenied(s, "SELECT * FROM status.console_account");
            assertDenied(s, "UPDATE status.console_account SET password_hash = 'x'");
            assertDenied(s, "SELECT * FROM mysql.user");
            assertDenied(s, "GRANT SELECT ON booking.* TO '" + DbAccount.BOOKING_RO.username() + "'@'%'");
        }
    }

    @Test
    void neitherCdcNorBackupCanReadTheConsolesAccountsOrThePasswordHashes() throws Exception {
        for (DbAccount account : List.of(DbAccount.BOOKING_CDC, DbAccount.BACKUP, DbAccount.PROBE, DbAccount.EXPORTER)) {
            try (Connection c = connect(infra, null, account); Statement s = c.createStatement()) {
                assertDenied(s, "SELECT * FROM status.console_account");
                assertDenied(s, "SELECT * FROM mysql.user");
                assertDenied(s, "SELECT * FROM alerting.processed_event");
            }
        }
    }

    @Test
    void noRunningServiceIsGivenTheMigratorCredential() {
        String migratorPassword = infra.credentials(DbAccount.MIGRATOR).password();
        for (ServiceDefinition service : ServiceDefinition.values()) {
            Map<String, String> properties = service.properties(infra);
            assertThat(properties).as(service.module()).doesNotContainValue(migratorPassword)
                    .doesNotContainValue(DbAccount.MIGRATOR.username())
                    .doesNotContainKeys("spring.flyway.user", "spring.flyway.password");
            if (service.ownsSchema()) {
                assertThat(service.migrationProperties(infra)).as("the migration step of " + service.module())
                        .containsEntry("spring.flyway.user", DbAccount.MIGRATOR.username())
                        .containsEntry("spring.flyway.password", migratorPassword);
            }
        }
    }

    private static void assertDenied(Statement s, String sql) {
        assertThatThrownBy(() -> s.execute(sql)).as(sql).isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getErrorCode())
                        .as("access denied (1044 database, 1142 table, 1227 privilege, 1045/1227/1410 grant), not: %s",
                                e.getMessage())
                        .isIn(1044, 1142, 1143, 1227, 1410, 1045));
    }

    /** account → (scope → privileges), from {@code SHOW GRANTS} of the account itself; {@code USAGE} means none. */
    private Map<String, Set<String>> actualGrants(DbAccount account) throws SQLException {
        Map<String, Set<String>> grants = new TreeMap<>();
        try (Connection c = connect(infra, null, account); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GRANTS")) {
            while (rs.next()) {
                String line = rs.getString(1);
                Matcher m = GRANT.matcher(line);
                if (!m.matches() || m.group(1).startsWith("PROXY")) {
                    continue; // a role line or MySQL's PROXY grant of the account to itself
                }
                Set<String> privileges = privileges(m.group(1));
                privileges.remove("USAGE");
                if (!privileges.isEmpty()) {
                    grants.computeIfAbsent(m.group(2).replace("`", ""), k -> new TreeSet<>()).addAll(privileges);
                }
            }
        }
        return grants;
    }

    /** The accounts table of {@code docs/security.md}: {@code | `account` | `scope` | MariaDB | MySQL 8 | why |}. */
    static Map<DbAccount, Map<String, Set<String>>> documentedGrants(Flavour flavour) throws IOException {
        assertThat(SECURITY_MD).as("docs/security.md next to this module").exists();
        Map<String, DbAccount> byName = Arrays.stream(DbAccount.values())
                .collect(Collectors.toMap(DbAccount::username, a -> a));
        Map<DbAccount, Map<String, Set<String>>> grants = new EnumMap<>(DbAccount.class);
        boolean inSection = false;
        for (String line : Files.readAllLines(SECURITY_MD)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Database accounts");
                continue;
            }
            if (!inSection || !line.startsWith("| `")) {
                continue;
            }
            String[] cells = Arrays.stream(line.split("\\|")).map(String::strip).toArray(String[]::new);
            // cells[0] is the empty text before the first '|'
            DbAccount account = byName.get(cells[1].replace("`", ""));
            assertThat(account).as("account of the row %s", line).isNotNull();
            String scope = cells[2].replace("`", "");
            Set<String> privileges = privileges(flavour == Flavour.MARIADB ? cells[3] : cells[4]);
            grants.computeIfAbsent(account, a -> new TreeMap<>()).computeIfAbsent(scope, s -> new TreeSet<>()).addAll(privileges);
        }
        return grants;
    }

    private static Set<String> privileges(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(p -> !p.isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Connection connect(Infrastructure infra, String schema, DbAccount account) throws SQLException {
        Database primary = infra.primary();
        Credentials credentials = infra.credentials(account);
        return DriverManager.getConnection(primary.jdbcUrl(schema == null ? "" : schema), credentials.username(),
                credentials.password());
    }
}
