package io.plumbline.status.console;

/**
 * The throttle held sign-ins back for a client address or an account: published once per key and throttled period,
 * for the audit log (which listens), so the console's security does not depend on the feature that keeps the log.
 *
 * @param address the client address, already made safe to log
 * @param account the account name tried, already made safe to log
 */
public record SignInThrottled(String address, String account, String detail) {
}
