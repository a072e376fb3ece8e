/**
 * The admin console's accounts and security: bcrypt accounts in the database, the first admin, roles, the allow-list,
 * sign-in throttling and the filter chains that decide who may pass.
 */
package io.plumbline.status.console;
