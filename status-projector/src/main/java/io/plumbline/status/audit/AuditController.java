package io.plumbline.status.audit;

import io.plumbline.status.web.ConsoleModel;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The audit page: the newest changes made through the console and by the emergency policy. */
@Controller
class AuditController {

    private final AuditLog audit;
    private final ConsoleModel page;

    AuditController(AuditLog audit, ConsoleModel page) {
        this.audit = audit;
        this.page = page;
    }

    @GetMapping("/audit")
    String audit(Model model) {
        page.common(model);
        model.addAttribute("entries", audit.recent(200));
        return "audit/audit";
    }
}
