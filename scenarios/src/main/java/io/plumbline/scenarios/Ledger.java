package io.plumbline.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.plumbline.events.Topics;
import io.plumbline.localstack.infra.Credentials;
import io.plumbline.localstack.infra.Database;
import io.plumbline.localstack.infra.DbAccount;

/**
 * The ledger check: every booking a customer was told was accepted exists exactly once in the database, and was
 * published on {@code booking.events.v1} as one {@code BookingCreated} (Kafka may deliver a record twice; the
 * event id must be one).
 */
final class Ledger {

    private Ledger() {
    }

    static void check(Report report, Platform platform, Database writer, List<BookingClient.Outcome> accepted) throws SQLException {
        Set<String> codes = accepted.stream().map(BookingClient.Outcome::bookingCode).collect(Collectors.toSet());
        report.figure("bookings accepted (told to customers)", Integer.toString(accepted.size()));
        report.check("every accepted booking got its own code", codes.size() == accepted.size(),
                codes.size() + " distinct codes for " + accepted.size() + " accepted bookings");

        Map<String, Integer> inDatabase = countInDatabase(writer, platform.infra().credentials(DbAccount.BOOKING_RO), codes);
        List<String> missing = codes.stream().filter(c -> inDatabase.getOrDefault(c, 0) == 0).sorted().toList();
        List<String> duplicated = codes.stream().filter(c -> inDatabase.getOrDefault(c, 0) > 1).sorted().toList();
        report.check("every accepted booking is in the database exactly once", missing.isEmpty() && duplicated.isEmpty(),
                "missing " + missing.size() + first(missing) + ", duplicated " + duplicated.size() + first(duplicated));

        Map<String, Set<String>> eventIds = platform.events().matching(s -> s.is(Topics.BOOKING_EVENTS, "BookingCreated")).stream()
                .collect(Collectors.groupingBy(s -> s.event().subject(), Collectors.mapping(s -> s.event().id(), Collectors.toSet())));
        List<String> notPublished = codes.stream().filter(c -> !eventIds.containsKey(c)).sorted().toList();
        List<String> twice = codes.stream().filter(c -> eventIds.getOrDefault(c, Set.of()).size() > 1).sorted().toList();
        report.check("every accepted booking is on booking.events.v1 as one BookingCreated",
                notPublished.isEmpty() && twice.isEmpty(),
                "not published " + notPublished.size() + first(notPublished) + ", two event ids " + twice.size() + first(twice));
    }

    private static Map<String, Integer> countInDatabase(Database db, Credentials credentials, Set<String> codes) throws SQLException {
        Map<String, Integer> counts = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("booking"), credentials.username(), credentials.password());
                PreparedStatement s = c.prepareStatement("SELECT code, COUNT(*) FROM booking GROUP BY code");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (codes.contains(rs.getString(1))) {
                    counts.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return counts;
    }

    private static String first(List<String> items) {
        return items.isEmpty() ? "" : " (e.g. " + items.stream().limit(3).collect(Collectors.joining(", ")) + ")";
    }
}
