/** The admin maintenance API: {@code /api/maintenance} (read, start, schedule, end). */
package io.plumbline.status.maintenance.web;
