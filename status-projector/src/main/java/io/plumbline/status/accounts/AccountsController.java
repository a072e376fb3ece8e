package io.plumbline.status.accounts;

import io.plumbline.status.audit.AuditLog;
import io.plumbline.status.console.AccountStanding;
import io.plumbline.status.console.Accounts;
import io.plumbline.status.web.ConsoleModel;
import jakarta.servlet.http.HttpServletRequest;
import java.security.Principal;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.ExtendedModelMap;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Account management ({@code /accounts}, admins only) and everyone's own password ({@code /account/password}).
 * A refusal is shown next to the field or control it concerns, in the user's language ({@code accounts.refused.*});
 * a generated password is shown once, in the answer to the request that made it, and never stored anywhere but as a
 * hash. Every change is audited with the acting admin's name, never a password.
 */
@Controller
class AccountsController {

    /** What the page shows once after a password was generated. */
    record Generated(String username, String password) {
    }

    private final Accounts accounts;
    private final AuditLog audit;
    private final ConsoleModel page;

    AccountsController(Accounts accounts, AuditLog audit, ConsoleModel page) {
        this.accounts = accounts;
        this.audit = audit;
        this.page = page;
    }

    @GetMapping("/accounts")
    String list(Principal admin, Model model) {
        return listPage(model, admin, Map.of(), "", "VIEWER", null);
    }

    /** Empty password fields: a password is generated and shown once. */
    @PostMapping("/accounts")
    String create(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String role,
            @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String confirm,
            Principal admin, Model model, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        Accounts.Role chosen = role(role);
        if (chosen == null) {
            errors.put("role", "accounts.refused.ROLE_INVALID");
        }
        boolean generate = password.isEmpty() && confirm.isEmpty();
        String initial = generate ? Accounts.generatePassword() : typed(password, confirm, errors);
        if (errors.isEmpty()) {
            try {
                accounts.create(username, initial, chosen);
            } catch (Accounts.Refused e) {
                errors.put(field(e.reason()), key(e.reason()));
            }
        }
        if (!errors.isEmpty()) {
            return listPage(model, admin, errors, username, role, null);
        }
        String name = username.strip().toLowerCase(Locale.ROOT);
        audit.record(admin.getName(), "account.create", name,
                "role=" + chosen + ", password " + (generate ? "generated" : "typed"));
        if (generate) {
            return listPage(model, admin, Map.of(), "", "VIEWER", new Generated(name, initial));
        }
        notice(redirect, "accounts.notice.created", name);
        return "redirect:/accounts";
    }

    @GetMapping("/accounts/{username}")
    String detail(@PathVariable String username, Principal admin, Model model) {
        return detailPage(username, admin, model, Map.of(), null);
    }

    @PostMapping("/accounts/{username}/password")
    String resetPassword(@PathVariable String username, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirm, Principal admin, Model model, RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        boolean generate = password.isEmpty() && confirm.isEmpty();
        String next = generate ? Accounts.generatePassword() : typed(password, confirm, errors);
        if (!errors.isEmpty()) {
            return detailPage(username, admin, model, errors, null);
        }
        try {
            accounts.resetPassword(admin.getName(), username, next);
        } catch (Accounts.Refused e) {
            return refused(username, admin, model, e, "password");
        }
        audit.record(admin.getName(), "account.password-reset", username,
                "password " + (generate ? "generated" : "typed") + "; sessions ended");
        if (generate) {
            return detailPage(username, admin, model, Map.of(), new Generated(username, next));
        }
        notice(redirect, "accounts.notice.password", username);
        return "redirect:/accounts/{username}";
    }

    @PostMapping("/accounts/{username}/disable")
    String disable(@PathVariable String username, Principal admin, Model model, RedirectAttributes redirect) {
        return act(username, "enabled", admin, model, redirect, () -> {
            accounts.setEnabled(admin.getName(), username, false);
            audit.record(admin.getName(), "account.disable", username, "sessions ended");
            return "accounts.notice.disabled";
        });
    }

    @PostMapping("/accounts/{username}/enable")
    String enable(@PathVariable String username, Principal admin, Model model, RedirectAttributes redirect) {
        return act(username, "enabled", admin, model, redirect, () -> {
            accounts.setEnabled(admin.getName(), username, true);
            audit.record(admin.getName(), "account.enable", username, null);
            return "accounts.notice.enabled";
        });
    }

    @PostMapping("/accounts/{username}/role")
    String changeRole(@PathVariable String username, @RequestParam(defaultValue = "") String role, Principal admin,
            Model model, RedirectAttributes redirect) {
        Accounts.Role to = role(role);
        if (to == null) {
            return detailPage(username, admin, model, Map.of("role", "accounts.refused.ROLE_INVALID"), null);
        }
        return act(username, "role", admin, model, redirect, () -> {
            Accounts.Role from = accounts.changeRole(admin.getName(), username, to);
            if (from != to) {
                audit.record(admin.getName(), "account.role", username, from + " → " + to + "; sessions ended");
            }
            return "accounts.notice.role";
        });
    }

    /** Deleting asks for the username typed again; disabling is the everyday way to take access away. */
    @PostMapping("/accounts/{username}/delete")
    String delete(@PathVariable String username, @RequestParam(defaultValue = "") String confirm, Principal admin,
            Model model, RedirectAttributes redirect) {
        if (!confirm.strip().equalsIgnoreCase(username)) {
            return detailPage(username, admin, model, Map.of("delete", "accounts.refused.DELETE_CONFIRM"), null);
        }
        try {
            accounts.delete(admin.getName(), username);
        } catch (Accounts.Refused e) {
            return refused(username, admin, model, e, "delete");
        }
        audit.record(admin.getName(), "account.delete", username, null);
        notice(redirect, "accounts.notice.deleted", username);
        return "redirect:/accounts";
    }

    @GetMapping("/account/password")
    String ownPassword(Model model) {
        page.common(model);
        model.addAttribute("errors", Map.of());
        return "password";
    }

    @PostMapping("/account/password")
    String changeOwnPassword(@RequestParam(defaultValue = "") String current, @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirm, Principal user, HttpServletRequest request, Model model,
            RedirectAttributes redirect) {
        Map<String, String> errors = new LinkedHashMap<>();
        String next = typed(password, confirm, errors);
        if (errors.isEmpty()) {
            try {
                AccountStanding.keep(request.getSession(), accounts.changeOwnPassword(user.getName(), current, next));
                audit.record(user.getName(), "account.password-change", user.getName(), "other sessions ended");
                notice(redirect, "password.notice.changed", user.getName());
                return "redirect:/account/password";
            } catch (Accounts.Refused e) {
                errors.put(field(e.reason()), key(e.reason()));
            }
        }
        page.common(model);
        model.addAttribute("errors", errors);
        return "password";
    }

    /** The status schema lives on the primary: while it is down the pages say so instead of failing. */
    @ExceptionHandler(DataAccessException.class)
    ModelAndView databaseUnavailable() {
        ExtendedModelMap model = new ExtendedModelMap();
        page.common(model);
        return new ModelAndView("unavailable", model, HttpStatus.SERVICE_UNAVAILABLE);
    }

    private String act(String username, String control, Principal admin, Model model, RedirectAttributes redirect,
            Supplier<String> change) {
        try {
            notice(redirect, change.get(), username);
            return "redirect:/accounts/{username}";
        } catch (Accounts.Refused e) {
            return refused(username, admin, model, e, control);
        }
    }

    private String refused(String username, Principal admin, Model model, Accounts.Refused e, String control) {
        if (e.reason() == Accounts.Refused.Reason.NO_SUCH_ACCOUNT) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        String at = e.reason().name().startsWith("PASSWORD_") ? "password" : control;
        return detailPage(username, admin, model, Map.of(at, key(e.reason())), null);
    }

    private String listPage(Model model, Principal admin, Map<String, String> errors, String username, String role,
            Generated generated) {
        page.common(model);
        model.addAttribute("me", admin.getName());
        model.addAttribute("accounts", accounts.list());
        model.addAttribute("errors", errors);
        model.addAttribute("username", username);
        model.addAttribute("role", role);
        model.addAttribute("generated", generated);
        model.addAttribute("roles", Accounts.Role.values());
        model.addAttribute("now", Instant.now());
        return "accounts";
    }

    private String detailPage(String username, Principal admin, Model model, Map<String, String> errors, Generated generated) {
        Accounts.Account account = accounts.find(username).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        page.common(model);
        long enabledAdmins = accounts.list().stream().filter(a -> a.role() == Accounts.Role.ADMIN && a.enabled()).count();
        model.addAttribute("account", account);
        model.addAttribute("self", account.username().equalsIgnoreCase(admin.getName()));
        model.addAttribute("lastAdmin", account.role() == Accounts.Role.ADMIN && account.enabled() && enabledAdmins <= 1);
        model.addAttribute("errors", errors);
        model.addAttribute("generated", generated);
        model.addAttribute("roles", Accounts.Role.values());
        return "account";
    }

    private static String typed(String password, String confirm, Map<String, String> errors) {
        if (!password.equals(confirm)) {
            errors.put("confirm", "accounts.refused.PASSWORD_MISMATCH");
        }
        return password;
    }

    private static Accounts.Role role(String value) {
        for (Accounts.Role r : Accounts.Role.values()) {
            if (r.name().equalsIgnoreCase(value.strip())) {
                return r;
            }
        }
        return null;
    }

    private static String field(Accounts.Refused.Reason reason) {
        String name = reason.name();
        return name.startsWith("USERNAME_") ? "username" : name.startsWith("PASSWORD_") ? "password"
                : reason == Accounts.Refused.Reason.CURRENT_PASSWORD_WRONG ? "current" : "form";
    }

    private static String key(Accounts.Refused.Reason reason) {
        return "accounts.refused." + reason.name();
    }

    private static void notice(RedirectAttributes redirect, String key, String username) {
        redirect.addFlashAttribute("notice", key);
        redirect.addFlashAttribute("noticeArg", username);
    }
}
