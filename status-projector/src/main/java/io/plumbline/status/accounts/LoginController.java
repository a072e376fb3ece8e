package io.plumbline.status.accounts;

import io.plumbline.status.console.ConsoleProperties;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the form's POST. */
@Controller
class LoginController {

    private final ConsoleProperties properties;

    LoginController(ConsoleProperties properties) {
        this.properties = properties;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("maxFailures", properties.lockout().maxFailures());
        return "login";
    }
}
