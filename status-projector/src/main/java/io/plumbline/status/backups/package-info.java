/** The backup schedule as the console sees it: when the next backup runs and whether the last success is overdue. */
package io.plumbline.status.backups;
