package io.plumbline.backup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a dump as it streams by, line by line: rows per table and a SHA-256 over each table's rows in dump order,
 * plus the binlog/GTID position the dump recorded. A restore that is re-dumped must give the same figures, which is
 * how verification proves the backup restores to exactly what was dumped.
 */
final class DumpDigest {

    private static final Pattern INSERT = Pattern.compile("^INSERT INTO `([^`]+)` VALUES ?");
    private static final Pattern CREATE = Pattern.compile("^CREATE TABLE `([^`]+)`");
    /** MariaDB's {@code CHANGE MASTER TO MASTER_LOG_FILE=…}, MySQL 8.4's {@code CHANGE REPLICATION SOURCE TO SOURCE_LOG_FILE=…}. */
    private static final Pattern BINLOG = Pattern.compile("(?:MASTER|SOURCE)_LOG_FILE='([^']+)', (?:MASTER|SOURCE)_LOG_POS=(\\d+)");
    /** MariaDB's {@code gtid_slave_pos='0-1-42'}; MySQL's {@code GTID_PURGED='uuid:1-42'}, maybe behind a version comment. */
    private static final Pattern GTID = Pattern.compile("(?:gtid_slave_pos=|GTID_PURGED=(?:/\\*!80000 '\\+'\\*/ )?)'([^']*)'");

    private final Map<String, Long> rows = new LinkedHashMap<>();
    private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
    private String binlogFile;
    private Long binlogPosition;
    private String gtid;
    private boolean complete;
    /** MariaDB 11 writes one row per line after {@code INSERT INTO `t` VALUES}: the statement spans lines. */
    private String inserting;
    private int depth;
    private boolean quoted;
    /** Where the open tuple's bytes start in the current line (they are digested as they go, line by line). */
    private int tupleStart;

    private static final byte[] INSERT_PREFIX = "INSERT INTO `".getBytes(StandardCharsets.UTF_8);

    void line(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        line(bytes, 0, bytes.length);
    }

    /**
     * One line of the dump as UTF-8 bytes, without its {@code \n}. Row data is scanned as bytes (every character of
     * SQL syntax is ASCII, and no byte of a multi-byte UTF-8 character is) and digested without copying; only the few
     * other lines are decoded.
     */
    void line(byte[] bytes, int offset, int length) {
        int end = offset + length;
        if (inserting != null) {
            tuples(inserting, bytes, offset, end);
        } else if (startsWith(bytes, offset, length, INSERT_PREFIX)) {
            int close = indexOf(bytes, offset + INSERT_PREFIX.length, end, (byte) '`');
            String head = close < 0 ? "" : new String(bytes, offset, Math.min(end, close + 9) - offset, StandardCharsets.UTF_8);
            Matcher m = INSERT.matcher(head);
            if (m.find()) {
                inserting = m.group(1);
                tuples(inserting, bytes, offset + head.substring(0, m.end()).getBytes(StandardCharsets.UTF_8).length, end);
            }
        } else {
            header(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
    }

    private void header(String line) {
        if (line.startsWith("CREATE TABLE `")) {
            Matcher m = CREATE.matcher(line);
            if (m.find()) {
                rows.putIfAbsent(m.group(1), 0L);
                digests.computeIfAbsent(m.group(1), t -> sha256());
            }
        } else if (line.startsWith("-- Dump completed")) {
            complete = true;
        } else if (line.startsWith("-- CHANGE MASTER") || line.startsWith("CHANGE MASTER")
                || line.startsWith("-- CHANGE REPLICATION SOURCE") || line.startsWith("CHANGE REPLICATION SOURCE")) {
            Matcher m = BINLOG.matcher(line);
            if (m.find()) {
                binlogFile = m.group(1);
                binlogPosition = Long.parseLong(m.group(2));
            }
        } else if (line.contains("gtid_slave_pos=") || line.contains("GTID_PURGED=")) {
            Matcher m = GTID.matcher(line);
            if (m.find()) {
                gtid = m.group(1);
            }
        }
    }

    /**
     * Splits {@code (…),(…),…;} into tuples, honouring quotes and backslash escapes, and digests each tuple's exact
     * text followed by {@code \n} (a line break inside a tuple is digested as {@code \n} too). The statement may span
     * lines (MariaDB 11 writes one row per line); it ends at the {@code ;} outside any tuple.
     */
    private void tuples(String table, byte[] b, int from, int end) {
        MessageDigest digest = digests.computeIfAbsent(table, t -> sha256());
        long count = 0;
        tupleStart = from;
        for (int i = from; i < end; i++) {
            byte c = b[i];
            if (quoted) {
                if (c == '\\' && i + 1 < end) {
                    i++;
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                if (depth++ == 0) {
                    tupleStart = i;
                }
            } else if (c == ')') {
                if (--depth == 0) {
                    digest.update(b, tupleStart, i + 1 - tupleStart);
                    digest.update((byte) '\n');
                    count++;
                }
            } else if (c == ';' && depth == 0) {
                rows.merge(table, count, Long::sum);
                inserting = null;
                return;
            }
        }
        if (depth > 0) { // the tuple goes on in the next line
            digest.update(b, tupleStart, end - tupleStart);
            digest.update((byte) '\n');
        }
        rows.merge(table, count, Long::sum);
    }

    private static boolean startsWith(byte[] b, int offset, int length, byte[] prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[offset + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] b, int from, int end, byte value) {
        for (int i = from; i < end; i++) {
            if (b[i] == value) {
                return i;
            }
        }
        return -1;
    }

    Map<String, Long> rowCounts() {
        return Map.copyOf(rows);
    }

    Map<String, String> checksums() {
        Map<String, String> out = new LinkedHashMap<>();
        digests.forEach((table, d) -> {
            try {
                out.put(table, HexFormat.of().formatHex(((MessageDigest) d.clone()).digest()));
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        });
        return out;
    }

    String binlogFile() {
        return binlogFile;
    }

    Long binlogPosition() {
        return binlogPosition;
    }

    String gtid() {
        return gtid;
    }

    /** The dump tool's own last line was seen: the dump is not truncated. */
    boolean complete() {
        return complete;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
