package io.plumbline.status.web;

import io.plumbline.status.projection.StatusView;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Customers with their visit counts from the booking projection; regulars (the seed's ⭐) from three visits. */
@Controller
class CustomersController {

    /** The seed's threshold for the ⭐ of a regular customer. */
    static final int REGULAR_VISITS = 3;

    private final StatusView view;
    private final ConsoleModel page;

    CustomersController(StatusView view, ConsoleModel page) {
        this.view = view;
        this.page = page;
    }

    @GetMapping("/customers")
    String customers(@RequestParam(required = false) String q, Model model) {
        page.common(model);
        model.addAttribute("q", q);
        model.addAttribute("regular", REGULAR_VISITS);
        model.addAttribute("customers", view.customers(q, 500));
        return "customers";
    }
}
