/**
 * The DB topology watcher: a direct probe of each MySQL/MariaDB server (reachability, {@code @@read_only},
 * replication threads and lag, GTID, a write probe on the writer) turned into topology facts on change only.
 */
package io.plumbline.status.topology;
