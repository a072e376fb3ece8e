package io.plumbline.status;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Test-only observer (picked up by the application's component scan, so every full-context test shares one context):
 * records each controller method a request reached, after the security filter chain let it through. The
 * path-variant test asks it whether a protected handler ran.
 */
@Component
class HandlerTrace implements WebMvcConfigurer, HandlerInterceptor {

    record Reached(String method, String uri, String handler) {
    }

    private final List<Reached> reached = new CopyOnWriteArrayList<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (handler instanceof HandlerMethod method && request.getDispatcherType() == jakarta.servlet.DispatcherType.REQUEST) {
            reached.add(new Reached(request.getMethod(), request.getRequestURI(),
                    method.getBeanType().getSimpleName() + "." + method.getMethod().getName()));
        }
        return true;
    }

    void clear() {
        reached.clear();
    }

    List<Reached> reached() {
        return List.copyOf(reached);
    }
}
