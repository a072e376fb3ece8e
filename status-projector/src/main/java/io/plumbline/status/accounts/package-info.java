/** The console's account pages: sign-in, accounts (admins), one's own password. */
package io.plumbline.status.accounts;
