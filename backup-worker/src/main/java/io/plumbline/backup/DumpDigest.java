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
    private final StringBuilder tuple = new StringBuilder();

    void line(String line) {
        if (inserting != null) {
            tuples(inserting, line, 0);
        } else if (line.startsWith("INSERT INTO `")) {
            Matcher m = INSERT.matcher(line);
            if (m.find()) {
                inserting = m.group(1);
                tuples(inserting, line, m.end());
            }
        } else if (line.startsWith("CREATE TABLE `")) {
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
     * Splits {@code (…),(…),…;} into tuples, honouring quotes and backslash escapes. The statement may span lines
     * (MariaDB 11 writes one row per line); it ends at the {@code ;} outside any tuple.
     */
    private void tuples(String table, String line, int from) {
        MessageDigest digest = digests.computeIfAbsent(table, t -> sha256());
        long count = 0;
        for (int i = from; i < line.length(); i++) {
            char c = line.charAt(i);
            if (depth > 0) {
                tuple.append(c);
            }
            if (quoted) {
                if (c == '\\' && i + 1 < line.length()) {
                    i++;
                    tuple.append(line.charAt(i));
                } else if (c == '\'') {
                    quoted = false;
                }
            } else if (c == '\'') {
                quoted = true;
            } else if (c == '(') {
                if (depth++ == 0) {
                    tuple.setLength(0);
                    tuple.append(c);
                }
            } else if (c == ')') {
                if (--depth == 0) {
                    digest.update(tuple.toString().getBytes(StandardCharsets.UTF_8));
                    digest.update((byte) '\n');
                    count++;
                }
            } else if (c == ';' && depth == 0) {
                rows.merge(table, count, Long::sum);
                inserting = null;
                return;
            }
        }
        if (depth > 0) {
            tuple.append('\n');
        }
        rows.merge(table, count, Long::sum);
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
