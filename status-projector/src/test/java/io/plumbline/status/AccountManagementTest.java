package io.plumbline.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.plumbline.status.audit.AuditLog;
import io.plumbline.status.console.Accounts;
import io.plumbline.status.console.Accounts.Refused.Reason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/** Account management against the real database: the account rules, the guard rails, and the pages over HTTP. */
class AccountManagementTest extends StatusProjectorTestSupport {

    private static final Pattern GENERATED = Pattern.compile("id=\"generated-password\">([^<]+)<");

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    AuditLog audit;

    @Autowired
    JdbcTemplate jdbc;

    private static String fresh(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    private static void refused(Reason reason, ThrowingCallable change) {
        assertThatThrownBy(change).isInstanceOfSatisfying(Accounts.Refused.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    /** Test accounts from earlier tests must not hide the last-admin rule: only the bootstrap admin stays enabled. */
    private void onlyTheBootstrapAdminIsEnabled() {
        accounts.list().stream().filter(a -> a.role() == Accounts.Role.ADMIN && a.enabled() && !a.username().equals("admin"))
                .forEach(a -> accounts.setEnabled("admin", a.username(), false));
    }

    @Test
    void createsAccountsOnlyWithinTheRulesAndStoresOnlyABcryptHash() {
        String name = fresh("viewer");
        refused(Reason.USERNAME_INVALID, () -> accounts.create("has space", "long-enough-password", Accounts.Role.VIEWER));
        refused(Reason.USERNAME_INVALID, () -> accounts.create("ab", "long-enough-password", Accounts.Role.VIEWER));
        refused(Reason.USERNAME_INVALID, () -> accounts.create("-dash-first", "long-enough-password", Accounts.Role.VIEWER));
        refused(Reason.USERNAME_INVALID, () -> accounts.create("x".repeat(65), "long-enough-password", Accounts.Role.VIEWER));
        refused(Reason.PASSWORD_TOO_SHORT, () -> accounts.create(name, "elevenchars", Accounts.Role.VIEWER));
        refused(Reason.PASSWORD_IS_USERNAME, () -> accounts.create("long-username-1", "LONG-USERNAME-1", Accounts.Role.VIEWER));
        // 25 Hangul syllables are 75 bytes: bcrypt would silently ignore the end
        refused(Reason.PASSWORD_TOO_LONG, () -> accounts.create(name, "가".repeat(25), Accounts.Role.VIEWER));
        assertThat(accounts.find(name)).isEmpty();

        accounts.create(" " + name.toUpperCase() + " ", "twelve-chars", Accounts.Role.VIEWER);
        refused(Reason.USERNAME_TAKEN, () -> accounts.create(name, "another-password", Accounts.Role.ADMIN));

        String hash = jdbc.queryForObject("SELECT password_hash FROM console_account WHERE username = ?", String.class, name);
        assertThat(hash).startsWith("$2a$10$").doesNotContain("twelve-chars");
        assertThat(accounts.find(name)).hasValueSatisfying(a -> {
            assertThat(a.role()).isEqualTo(Accounts.Role.VIEWER);
            assertThat(a.enabled()).isTrue();
            assertThat(a.lastLogin()).isNull();
        });
    }

    @Test
    void theLastEnabledAdminCanNeverBeDisabledDemotedOrDeleted() {
        onlyTheBootstrapAdminIsEnabled();
        refused(Reason.LAST_ADMIN, () -> accounts.setEnabled("admin", "admin", false));
        refused(Reason.LAST_ADMIN, () -> accounts.changeRole("admin", "admin", Accounts.Role.VIEWER));
        refused(Reason.LAST_ADMIN, () -> accounts.delete("admin", "admin"));
        assertThat(accounts.find("admin")).hasValueSatisfying(a -> {
            assertThat(a.enabled()).isTrue();
            assertThat(a.role()).isEqualTo(Accounts.Role.ADMIN);
        });

        String second = fresh("admin");
        accounts.create(second, "second-admin-password", Accounts.Role.ADMIN);
        // no longer the last one, but still nobody acts on themself
        refused(Reason.SELF, () -> accounts.setEnabled("admin", "admin", false));
        refused(Reason.SELF, () -> accounts.changeRole("admin", "admin", Accounts.Role.VIEWER));
        refused(Reason.SELF, () -> accounts.delete("admin", "admin"));
        refused(Reason.SELF, () -> accounts.resetPassword("admin", "admin", "a-new-long-password"));

        String viewer = fresh("viewer");
        accounts.create(viewer, "viewer-password-1", Accounts.Role.VIEWER);
        accounts.setEnabled("admin", second, false);
        refused(Reason.ACTOR_NOT_ADMIN, () -> accounts.setEnabled(second, viewer, false));
        accounts.delete("admin", second);
        assertThat(accounts.find(second)).isEmpty();
    }

    @Test
    void twoAdminsDisablingEachOtherAtOnceLeaveOneOfThemEnabled() throws Exception {
        String left = fresh("admin");
        String right = fresh("admin");
        accounts.create(left, "left-admin-password", Accounts.Role.ADMIN);
        accounts.create(right, "right-admin-password", Accounts.Role.ADMIN);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<Reason> byLeft = CompletableFuture.supplyAsync(() -> disable(start, left, right));
        CompletableFuture<Reason> byRight = CompletableFuture.supplyAsync(() -> disable(start, right, left));
        start.countDown();
        assertThat(java.util.Arrays.asList(byLeft.get(), byRight.get())).containsExactlyInAnyOrder(null, Reason.ACTOR_NOT_ADMIN);
        assertThat(List.of(accounts.find(left).orElseThrow().enabled(), accounts.find(right).orElseThrow().enabled()))
                .containsExactlyInAnyOrder(true, false);
        accounts.setEnabled("admin", left, false);
        accounts.setEnabled("admin", right, false);
    }

    private Reason disable(CountDownLatch start, String actor, String target) {
        try {
            start.await();
            accounts.setEnabled(actor, target, false);
            return null;
        } catch (Accounts.Refused e) {
            return e.reason();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void formErrorsAreShownNextToTheFieldInTheUsersLanguageAndNothingAnswers500() throws Exception {
        ConsoleSession admin = ConsoleSession.signIn(port, "admin", adminPassword());
        HttpResponse<String> ko = admin.post("/accounts", "ko", "username", "Bad Name", "role", "VIEWER",
                "password", "short", "confirm", "short");
        assertThat(ko.statusCode()).isEqualTo(200);
        assertThat(ko.body()).contains("id=\"username-error\">아이디는 영문 소문자");
        HttpResponse<String> en = admin.post("/accounts", "en", "username", fresh("viewer"), "role", "VIEWER",
                "password", "short", "confirm", "short");
        assertThat(en.body()).contains("id=\"password-error\">The password needs at least 12 characters.");
        HttpResponse<String> mismatch = admin.post("/accounts", "en", "username", fresh("viewer"), "role", "VIEWER",
                "password", "first-long-password", "confirm", "other-long-password");
        assertThat(mismatch.body()).contains("id=\"confirm-error\">The two passwords differ.");
        HttpResponse<String> sameAsName = admin.post("/accounts", "en", "username", "same-as-name-1", "role", "VIEWER",
                "password", "same-as-name-1", "confirm", "same-as-name-1");
        assertThat(sameAsName.body()).contains("id=\"password-error\">The password must not be the username.");
        assertThat(admin.post("/accounts", "en", "username", fresh("viewer"), "role", "ROOT").body())
                .contains("id=\"role-error\">The role must be admin or viewer.");
        assertThat(admin.post("/accounts", "en").statusCode()).isEqualTo(200);

        String viewer = fresh("viewer");
        accounts.create(viewer, "viewer-password-1", Accounts.Role.VIEWER);
        assertThat(admin.post("/accounts/" + viewer + "/role", "en", "role", "ROOT").body())
                .contains("id=\"role-error\">The role must be admin or viewer.");
        assertThat(admin.post("/accounts/" + viewer + "/delete", "en", "confirm", "someone-else").body())
                .contains("id=\"delete-error\">The username typed does not match this account.");
        assertThat(admin.post("/accounts/" + viewer + "/password", "en", "password", "x", "confirm", "x").body())
                .contains("id=\"password-error\">The password needs at least 12 characters.");
        assertThat(admin.post("/accounts/admin/disable", "ko").body()).contains("id=\"enabled-error\">");
        assertThat(admin.post("/accounts/nobody-here/disable", "en").statusCode()).isEqualTo(404);
        assertThat(admin.get("/accounts/nobody-here", "en").statusCode()).isEqualTo(404);
        assertThat(accounts.find(viewer)).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(Accounts.Role.VIEWER));
    }

    @Test
    void generatedPasswordIsShownOnceAndEveryChangeIsAuditedWithoutThePassword() throws Exception {
        ConsoleSession admin = ConsoleSession.signIn(port, "admin", adminPassword());
        String viewer = fresh("viewer");
        HttpResponse<String> created = admin.post("/accounts", "en", "username", viewer, "role", "VIEWER");
        Matcher shown = GENERATED.matcher(created.body());
        assertThat(shown.find()).as("the generated password on the page").isTrue();
        String password = shown.group(1);
        assertThat(password).hasSize(23);
        assertThat(admin.get("/accounts", "en").body()).contains("data-username=\"" + viewer + "\"").doesNotContain(password);

        ConsoleSession signedIn = ConsoleSession.signIn(port, viewer, password);
        assertThat(signedIn.get("/accounts").statusCode()).isEqualTo(403);
        assertThat(signedIn.get("/accounts/" + viewer).statusCode()).isEqualTo(403);
        assertThat(signedIn.post("/accounts/admin/disable", "en").statusCode()).isEqualTo(403);
        assertThat(accounts.find(viewer)).hasValueSatisfying(a -> assertThat(a.lastLogin()).isNotNull());

        HttpResponse<String> reset = admin.post("/accounts/" + viewer + "/password", "en");
        Matcher again = GENERATED.matcher(reset.body());
        assertThat(again.find()).isTrue();
        String second = again.group(1);
        assertThat(signedIn.get("/").uri().toString()).as("the reset ends the viewer's session").contains("/login?ended");
        assertThatThrownBy(() -> ConsoleSession.signIn(port, viewer, password)).isInstanceOf(IllegalStateException.class);
        ConsoleSession.signIn(port, viewer, second);

        admin.post("/accounts/" + viewer + "/role", "en", "role", "ADMIN");
        admin.post("/accounts/" + viewer + "/role", "en", "role", "VIEWER");
        ConsoleSession.signIn(port, viewer, second);
        admin.post("/accounts/" + viewer + "/delete", "en", "confirm", viewer);
        assertThat(accounts.find(viewer)).isEmpty();

        List<AuditLog.Entry> entries = audit.recent(200).stream().filter(e -> viewer.equals(e.target())).toList();
        assertThat(entries).extracting(e -> e.actor() + " " + e.action()).containsExactly("admin account.delete",
                "admin account.role", "admin account.role", "admin account.password-reset",
                "admin account.create");
        assertThat(entries).extracting(AuditLog.Entry::detail).contains("VIEWER → ADMIN; sessions ended")
                .allSatisfy(d -> assertThat(String.valueOf(d)).doesNotContain(password).doesNotContain(second));
    }

    @Test
    void aDisabledAccountCannotSignInAndItsOpenSessionEnds() throws Exception {
        String viewer = fresh("viewer");
        accounts.create(viewer, "viewer-password-1", Accounts.Role.VIEWER);
        ConsoleSession open = ConsoleSession.signIn(port, viewer, "viewer-password-1");
        assertThat(open.get("/").statusCode()).isEqualTo(200);
        assertThat(api(viewer, "viewer-password-1")).isNotEqualTo(401);

        ConsoleSession admin = ConsoleSession.signIn(port, "admin", adminPassword());
        assertThat(admin.post("/accounts/" + viewer + "/disable", "en").body()).contains(viewer + " disabled.");
        assertThat(open.get("/").uri().toString()).contains("/login?ended");
        assertThatThrownBy(() -> ConsoleSession.signIn(port, viewer, "viewer-password-1")).isInstanceOf(IllegalStateException.class);
        assertThat(api(viewer, "viewer-password-1")).isEqualTo(401);

        admin.post("/accounts/" + viewer + "/enable", "en");
        ConsoleSession.signIn(port, viewer, "viewer-password-1");
        assertThat(audit.recent(50)).extracting(e -> e.actor() + " " + e.action() + " " + e.target())
                .contains("admin account.disable " + viewer, "admin account.enable " + viewer);
    }

    @Test
    void anyoneChangesTheirOwnPasswordWithTheCurrentOneAndTheirOtherSessionsEnd() throws Exception {
        String viewer = fresh("viewer");
        accounts.create(viewer, "viewer-password-1", Accounts.Role.VIEWER);
        ConsoleSession here = ConsoleSession.signIn(port, viewer, "viewer-password-1");
        ConsoleSession elsewhere = ConsoleSession.signIn(port, viewer, "viewer-password-1");

        assertThat(here.post("/account/password", "en", "current", "not-the-password", "password", "viewer-password-2",
                "confirm", "viewer-password-2").body()).contains("id=\"current-error\">The current password is wrong.");
        assertThat(here.post("/account/password", "ko", "current", "viewer-password-1", "password", viewer,
                "confirm", viewer).body()).contains("id=\"password-error\">비밀번호가 아이디와 같으면 안 됩니다.");
        HttpResponse<String> changed = here.post("/account/password", "en", "current", "viewer-password-1",
                "password", "viewer-password-2", "confirm", "viewer-password-2");
        assertThat(changed.body()).contains("Password changed.");

        assertThat(here.get("/").uri().getPath()).isEqualTo("/");
        assertThat(elsewhere.get("/").uri().toString()).contains("/login?ended");
        assertThatThrownBy(() -> ConsoleSession.signIn(port, viewer, "viewer-password-1")).isInstanceOf(IllegalStateException.class);
        ConsoleSession.signIn(port, viewer, "viewer-password-2");
        assertThat(audit.recent(50)).extracting(e -> e.actor() + " " + e.action() + " " + e.target())
                .contains(viewer + " account.password-change " + viewer);
    }

    private int api(String user, String password) throws Exception {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/maintenance/bookings"))
                .header("Authorization", "Basic " + basic).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
