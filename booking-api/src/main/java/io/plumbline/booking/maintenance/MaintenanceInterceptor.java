package io.plumbline.booking.maintenance;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Refuses writes while maintenance holds. Customer writes ({@code /api/bookings/**}) stop in every maintenance;
 * admin writes ({@code /api/admin/**}) stop only in an emergency (the writer is in trouble) — in a scheduled window
 * staff keep assigning and completing jobs and publish announcements about the window.
 */
@Component
class MaintenanceInterceptor implements HandlerInterceptor {

    private final MaintenanceGate gate;

    MaintenanceInterceptor(MaintenanceGate gate) {
        this.gate = gate;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return true;
        }
        MaintenanceGate.Decision decision = gate.decision();
        if (!decision.writesBlocked()) {
            return true;
        }
        boolean admin = request.getRequestURI().startsWith("/api/admin/");
        if (admin && decision.adminWritesAllowed()) {
            return true;
        }
        throw new MaintenanceException(decision);
    }
}
