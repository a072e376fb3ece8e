package io.plumbline.alerting.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.plumbline.alerting.alert.EpisodeState;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The Slack side of each alert episode (table {@code alert_thread}): channel, message ts, state, labels. */
@Repository
public class AlertThreads {

    /**
     * One episode as Slack knows it; {@code messageTs} is null for webhook delivery or storm summaries;
     * {@code threadTs} is the thread the episode's messages belong to: its own message, or the incident message it
     * joined as a reply.
     */
    public record Thread(String fingerprint, Instant startsAt, EpisodeState state, String alertname, String channel,
            String messageTs, Map<String, String> labels, String threadTs) {

        public Thread(String fingerprint, Instant startsAt, EpisodeState state, String alertname, String channel,
                String messageTs, Map<String, String> labels) {
            this(fingerprint, startsAt, state, alertname, channel, messageTs, labels, messageTs);
        }

        /** Where replies about this episode go. */
        public String replyTs() {
            return threadTs != null ? threadTs : messageTs;
        }
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    AlertThreads(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Thread> find(String fingerprint, Instant startsAt) {
        List<Thread> rows = jdbc.query("""
                SELECT fingerprint, starts_at, status, alertname, channel, message_ts, labels_json, thread_ts
                FROM alert_thread WHERE fingerprint = ? AND starts_at = ?""",
                (rs, i) -> new Thread(rs.getString(1), rs.getTimestamp(2).toInstant(), EpisodeState.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        json.readValue(rs.getString(7), new TypeReference<Map<String, String>>() { }),
                        rs.getString(8) != null ? rs.getString(8) : rs.getString(6)),
                fingerprint, Timestamp.from(startsAt));
        return rows.stream().findFirst();
    }

    /** The most recent episode of an alert (acknowledgements and silences name only the fingerprint). */
    public Optional<Thread> latest(String fingerprint) {
        List<Thread> rows = jdbc.query("""
                SELECT fingerprint, starts_at, status, alertname, channel, message_ts, labels_json, thread_ts
                FROM alert_thread WHERE fingerprint = ? ORDER BY starts_at DESC LIMIT 1""",
                (rs, i) -> new Thread(rs.getString(1), rs.getTimestamp(2).toInstant(), EpisodeState.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5), rs.getString(6),
                        json.readValue(rs.getString(7), new TypeReference<Map<String, String>>() { }),
                        rs.getString(8) != null ? rs.getString(8) : rs.getString(6)),
                fingerprint);
        return rows.stream().findFirst();
    }

    /** The ts of the resolve's thread reply, once posted. */
    Optional<String> replyTs(String fingerprint, Instant startsAt) {
        return jdbc.queryForList("SELECT reply_ts FROM alert_thread WHERE fingerprint = ? AND starts_at = ? AND reply_ts IS NOT NULL",
                String.class, fingerprint, Timestamp.from(startsAt)).stream().findFirst();
    }

    void markReplied(String fingerprint, Instant startsAt, String replyTs) {
        jdbc.update("UPDATE alert_thread SET reply_ts = ?, updated_at = ? WHERE fingerprint = ? AND starts_at = ?",
                replyTs, Timestamp.from(Instant.now()), fingerprint, Timestamp.from(startsAt));
    }

    void save(Thread thread) {
        jdbc.update("""
                INSERT INTO alert_thread (fingerprint, starts_at, status, alertname, channel, message_ts, labels_json, updated_at,
                    thread_ts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE status = VALUES(status), channel = VALUES(channel),
                    message_ts = COALESCE(VALUES(message_ts), message_ts), thread_ts = COALESCE(VALUES(thread_ts), thread_ts),
                    updated_at = VALUES(updated_at)""",
                thread.fingerprint(), Timestamp.from(thread.startsAt()), thread.state().name(), thread.alertname(),
                thread.channel(), thread.messageTs(), json.writeValueAsString(thread.labels()), Timestamp.from(Instant.now()),
                thread.threadTs());
    }
}
