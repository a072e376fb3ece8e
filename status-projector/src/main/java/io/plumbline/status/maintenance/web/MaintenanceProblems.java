package io.plumbline.status.maintenance.web;

import io.plumbline.status.maintenance.MaintenanceControl.InvalidMaintenanceRequest;
import io.plumbline.status.maintenance.MaintenanceControl.MaintenanceConflict;
import io.plumbline.status.maintenance.MaintenanceControl.MaintenanceUnavailable;
import java.util.List;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import tools.jackson.databind.DatabindException;

/** RFC 9457 problem details for the maintenance API, naming the offending field. */
@Order(Ordered.HIGHEST_PRECEDENCE)
@RestControllerAdvice(assignableTypes = MaintenanceApiController.class)
class MaintenanceProblems {

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ProblemDetail invalid(MethodArgumentNotValidException e) {
        List<Map<String, String>> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage()))).toList();
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                errors.isEmpty() ? "invalid request" : errors.get(0).get("field") + ": " + errors.get(0).get("message"));
        p.setTitle("Invalid maintenance request");
        p.setProperty("errors", errors);
        return p;
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        String field = e.getCause() instanceof DatabindException d && !d.getPath().isEmpty()
                ? d.getPath().stream().map(r -> r.getPropertyName() == null ? "[" + r.getIndex() + "]" : r.getPropertyName())
                        .reduce((a, b) -> a + "." + b).orElse("body")
                : "body";
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": unreadable value");
        p.setTitle("Invalid maintenance request");
        p.setProperty("errors", List.of(Map.of("field", field, "message", "unreadable value")));
        return p;
    }

    @ExceptionHandler(InvalidMaintenanceRequest.class)
    ProblemDetail invalid(InvalidMaintenanceRequest e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
        p.setTitle("Invalid maintenance request");
        p.setProperty("errors", List.of(Map.of("field", e.field(), "message", e.getMessage())));
        return p;
    }

    @ExceptionHandler(MaintenanceApiController.UnknownScope.class)
    ProblemDetail unknownScope(MaintenanceApiController.UnknownScope e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
        p.setTitle("Unknown scope");
        return p;
    }

    @ExceptionHandler(MaintenanceConflict.class)
    ProblemDetail conflict(MaintenanceConflict e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setTitle("Maintenance state conflict");
        return p;
    }

    @ExceptionHandler(MaintenanceUnavailable.class)
    ResponseEntity<ProblemDetail> unavailable(MaintenanceUnavailable e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        p.setTitle("Maintenance control unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "5").body(p);
    }
}
