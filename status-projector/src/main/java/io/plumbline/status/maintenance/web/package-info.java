/** Maintenance over HTTP: the admin API {@code /api/maintenance} (read, start, schedule, end) and the overview's forms. */
package io.plumbline.status.maintenance.web;
