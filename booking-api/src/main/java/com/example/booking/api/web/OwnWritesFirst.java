package com.example.booking.api.web;

import com.example.booking.shared.UserId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.io.IOException;

/**
 * Every API read by a signed-in user starts once the read models show that user's recent writes
 * ({@link OwnWrites}). A read without a token has no writes of its own to wait for.
 */
@Component
class OwnWritesFirst extends ApiFilter {

    private final OwnWrites ownWrites;

    OwnWritesFirst(OwnWrites ownWrites) {
        this.ownWrites = ownWrites;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return super.shouldNotFilter(request) || !"GET".equals(request.getMethod());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller != null && caller.isAuthenticated() && !(caller instanceof AnonymousAuthenticationToken)) {
            if (!ownWrites.awaitFor(new UserId(caller.getName()))) {
                request.setAttribute(OwnWrites.BEHIND, true);
            }
        }
        chain.doFilter(request, response);
    }
}
