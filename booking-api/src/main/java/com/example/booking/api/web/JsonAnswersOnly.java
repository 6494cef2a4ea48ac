package com.example.booking.api.web;

import com.example.booking.api.error.ErrorBody;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * The API answers only in JSON. A request that accepts no JSON is refused before it runs: otherwise a
 * command would change seats and then fail to render its answer, and the client would believe it
 * failed.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
public class JsonAnswersOnly extends ApiFilter {

    private final ObjectMapper json;

    JsonAnswersOnly(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
        if (accept.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        boolean acceptsJson;
        try {
            acceptsJson = MediaType.parseMediaTypes(accept).stream()
                    .anyMatch(type -> type.isCompatibleWith(MediaType.APPLICATION_JSON));
        } catch (InvalidMediaTypeException e) {
            refuse(response, HttpServletResponse.SC_BAD_REQUEST, "the Accept header is malformed");
            return;
        }
        if (!acceptsJson) {
            refuse(response, HttpServletResponse.SC_NOT_ACCEPTABLE, "this API answers in application/json only");
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(ErrorCode.INVALID_DATA, message));
    }
}
