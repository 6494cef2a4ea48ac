package com.example.booking.api.web;

import com.example.booking.shared.TripId;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every API read by a signed-in user starts once the read models show that user's recent writes
 * ({@link OwnWrites}): of the one trip a trip's own read shows, of every trip otherwise. A read without a
 * token has no writes of its own to wait for.
 */
@Component
class OwnWritesFirst extends ApiFilter {

    /** The reads that show one trip only: its summary, seat map and statistics (an admin's seat map too). */
    private static final Pattern ONE_TRIP = Pattern.compile("/api/(?:admin/)?trips/([^/]+)(?:/seats|/stats)?");

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
            UserId user = new UserId(caller.getName());
            String trip = tripShown(request);
            // a malformed trip id is refused by the controller; there are no writes of it to wait for
            boolean caughtUp = trip == null ? ownWrites.awaitFor(user)
                    : !TripId.isValid(trip) || ownWrites.awaitFor(user, new TripId(trip));
            if (!caughtUp) {
                request.setAttribute(OwnWrites.BEHIND, true);
            }
        }
        chain.doFilter(request, response);
    }

    /**
     * The trip a read shows, if it shows one only. Trip ids need no encoding in a path; one that came
     * encoded is not a valid id and waits for nothing.
     */
    static String tripShown(HttpServletRequest request) {
        Matcher oneTrip = ONE_TRIP.matcher(request.getRequestURI());
        return oneTrip.matches() ? oneTrip.group(1) : null;
    }
}
