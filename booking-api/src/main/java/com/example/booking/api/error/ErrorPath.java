package com.example.booking.api.error;

import com.example.booking.shared.error.ErrorCode;
import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The container's error path, in place of Spring Boot's: errors the container forwards here (a filter's
 * {@code sendError}, an exception thrown outside the controllers) get the contract's body, and a client
 * asking for the path itself gets the 404 of any unknown path — Boot's answered that with a 500 and a
 * body of its own, as there was no error to report. Not part of the API, so not in its OpenAPI document.
 */
@Hidden
@RestController
class ErrorPath implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        if (!(request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer code)) {
            return ApiErrors.answer(HttpStatus.NOT_FOUND, ErrorBody.noSuchPath());
        }
        HttpStatus status = HttpStatus.resolve(code);
        if (status == HttpStatus.SERVICE_UNAVAILABLE) {
            return ApiErrors.answer(status, ErrorBody.unavailable());
        }
        if (status == null || status.is5xxServerError()) {
            return ApiErrors.answer(HttpStatus.INTERNAL_SERVER_ERROR, ErrorBody.unexpected());
        }
        ErrorBody body = switch (status) {
            case UNAUTHORIZED -> ErrorBody.of(ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
            case FORBIDDEN -> ErrorBody.of(ErrorCode.FORBIDDEN, "not allowed");
            case NOT_FOUND -> ErrorBody.noSuchPath();
            case TOO_MANY_REQUESTS -> ErrorBody.of(ErrorCode.RATE_LIMITED, "too many requests; try again later");
            default -> ErrorBody.of(ErrorCode.INVALID_DATA, "the request is malformed (" + code + ")");
        };
        return ApiErrors.answer(status, body);
    }
}
