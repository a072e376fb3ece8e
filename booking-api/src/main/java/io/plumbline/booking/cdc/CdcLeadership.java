package io.plumbline.booking.cdc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election among booking-api replicas with a named lock on the primary ({@code GET_LOCK}): the lock belongs to
 * one connection, so it is released the moment the leader's process or connection dies, and another replica takes
 * it at its next check.
 */
class CdcLeadership implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CdcLeadership.class);
    static final String LOCK = "plumbline.booking-api.cdc";

    private final String url;
    private final CdcProperties properties;
    private Connection connection;
    private final AtomicBoolean leader = new AtomicBoolean();

    CdcLeadership(CdcProperties properties) {
        this.properties = properties;
        this.url = "jdbc:mysql://" + properties.host() + ":" + properties.port() + "/"
                + "?connectTimeout=2000&socketTimeout=5000&tcpKeepAlive=true&sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    /** Tries to become (or confirms still being) the leader. Never throws: a database problem means "not leader". */
    synchronized boolean check() {
        try {
            if (connection != null && leader.get()) {
                if (stillHolds()) {
                    return true;
                }
                log.warn("CDC leadership lost");
                release();
            }
            if (connection == null || connection.isClosed()) {
                connection = DriverManager.getConnection(url, properties.username(), properties.password());
                // a leader that vanishes without closing the socket loses the lock when the server drops the idle
                // connection; a live leader touches it at every check
                try (PreparedStatement s = connection.prepareStatement("SET SESSION wait_timeout = ?")) {
                    s.setLong(1, Math.max(1, properties.leaderLease().toSeconds()));
                    s.execute();
                }
            }
            try (PreparedStatement s = connection.prepareStatement("SELECT GET_LOCK(?, 0)")) {
                s.setString(1, LOCK);
                try (ResultSet rs = s.executeQuery()) {
                    boolean acquired = rs.next() && rs.getInt(1) == 1;
                    leader.set(acquired);
                    return acquired;
                }
            }
        } catch (SQLException e) {
            release();
            return false;
        }
    }

    private boolean stillHolds() {
        try (PreparedStatement s = connection.prepareStatement("SELECT IS_USED_LOCK(?) = CONNECTION_ID()")) {
            s.setString(1, LOCK);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        } catch (SQLException e) {
            return false;
        }
    }

    boolean isLeader() {
        return leader.get();
    }

    synchronized void release() {
        leader.set(false);
        if (connection != null) {
            try {
                connection.close(); // closing the connection releases the lock on the server
            } catch (SQLException ignored) {
                // already gone
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        release();
    }
}
