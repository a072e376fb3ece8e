/**
 * The emergency policy: writer lost (topology) or a DB-down alert firing turns on EMERGENCY maintenance; a verified
 * writer held for the settle time (or an admin) turns it off again.
 */
package io.plumbline.status.emergency;
