package io.plumbline.status.bookings;

import io.plumbline.status.web.ConsoleModel;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Customers with their visit counts from the booking projection; regulars (⭐) from three visits. */
@Controller
class CustomersController {

    /** From this many visits a customer is a regular (⭐). */
    static final int REGULAR_VISITS = 3;

    private final Bookings bookings;
    private final ConsoleModel page;

    CustomersController(Bookings bookings, ConsoleModel page) {
        this.bookings = bookings;
        this.page = page;
    }

    @GetMapping("/customers")
    String customers(@RequestParam(required = false) String q, Model model) {
        page.common(model);
        model.addAttribute("q", q);
        model.addAttribute("regular", REGULAR_VISITS);
        model.addAttribute("customers", bookings.customers(q, 500));
        return "bookings/customers";
    }
}
