/** The admin console's accounts and security: bcrypt accounts in the database, lockout, the first admin, roles. */
package io.plumbline.status.console;
