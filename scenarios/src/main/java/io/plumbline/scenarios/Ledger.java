package io.plumbline.scenarios;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
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
 * The ledger check: every booking a customer was told was accepted exists exactly once in the database, was
 * published on {@code booking.events.v1} as one {@code BookingCreated} (Kafka may deliver a record twice; the
 * event id must be one), and is in status-projector's projection (what the console lists) exactly once. All read on
 * the server that is the writer now.
 */
final class Ledger {

    private Ledger() {
    }

    static void check(Report report, Platform platform, List<BookingClient.Outcome> accepted) throws SQLException {
        Database writer = platform.writerDatabase();
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

        // the projection follows the topic: give it a bounded while to catch up with the last bookings
        Credentials status = platform.infra().credentials(DbAccount.STATUS_APP);
        Waits.awaitQuietly(Duration.ofSeconds(60), () -> projected(writer, status, codes).keySet().containsAll(codes));
        Map<String, String> projected = projected(writer, status, codes);
        List<String> notProjected = codes.stream().filter(c -> !projected.containsKey(c)).sorted().toList();
        List<String> wrong = accepted.stream().filter(o -> projected.containsKey(o.bookingCode()))
                .filter(o -> !projected.get(o.bookingCode()).equals(o.request().name() + "|" + digits(o.request().phone())))
                .map(BookingClient.Outcome::bookingCode).sorted().toList();
        // proj_booking is keyed by the code, so a row per code at most: what can go wrong is a missing or a wrong row
        report.check("every accepted booking is in the status projection (the console's list) exactly once, as booked",
                notProjected.isEmpty() && wrong.isEmpty(),
                "missing " + notProjected.size() + first(notProjected) + ", other name/phone " + wrong.size() + first(wrong));
    }

    private static String digits(String phone) {
        return phone == null ? "" : phone.replaceAll("[^0-9]", "");
    }

    /** status-projector's booking rows: code → "name|phone digits", for the codes of interest. */
    private static Map<String, String> projected(Database db, Credentials credentials, Set<String> codes) throws SQLException {
        Map<String, String> rows = new HashMap<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl("status"), credentials.username(), credentials.password());
                PreparedStatement s = c.prepareStatement("SELECT code, customer_name, phone FROM proj_booking");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                if (codes.contains(rs.getString(1))) {
                    rows.put(rs.getString(1), rs.getString(2) + "|" + digits(rs.getString(3)));
                }
            }
        }
        return rows;
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
