package com.example.booking.api.live;

import com.example.booking.api.web.Ids;
import com.example.booking.shared.error.BookingRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.convert.converter.Converter;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.ChannelInterceptor;
import org.springframework.messaging.support.MessageHeaderAccessor;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.stereotype.Component;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every STOMP frame a client sends. CONNECT must carry a valid bearer token; SUBSCRIBE may name
 * a trip's seats (then the subscriber gets its snapshot here), the caller's own queues, or, for admins,
 * the admin topics. Anything else is refused with an ERROR frame, which ends only that session.
 */
@Component
class StompGatekeeper implements ChannelInterceptor {

    private static final Logger log = LoggerFactory.getLogger(StompGatekeeper.class);
    private static final Pattern TRIP_SEATS = Pattern.compile("/topic/trips/([^/]+)/seats");

    private final JwtDecoder jwtDecoder;
    private final Converter<Jwt, AbstractAuthenticationToken> authentication;
    private final TripFeeds trips;
    private final UserSessions userSessions;

    StompGatekeeper(JwtDecoder jwtDecoder, Converter<Jwt, AbstractAuthenticationToken> jwtAuthenticationConverter,
                    @Lazy TripFeeds trips, UserSessions userSessions) {
        this.jwtDecoder = jwtDecoder;
        this.authentication = jwtAuthenticationConverter;
        this.trips = trips;
        this.userSessions = userSessions;
    }

    @Override
    public Message<?> preSend(Message<?> message, MessageChannel channel) {
        StompHeaderAccessor stomp = MessageHeaderAccessor.getAccessor(message, StompHeaderAccessor.class);
        if (stomp == null || stomp.getCommand() == null) {
            return message;
        }
        switch (stomp.getCommand()) {
            case CONNECT, STOMP -> stomp.setUser(admit(authenticate(stomp), stomp.getSessionId()));
            case SUBSCRIBE -> admitSubscription(stomp);
            case UNSUBSCRIBE -> trips.unsubscribe(stomp.getSessionId(), stomp.getSubscriptionId());
            case DISCONNECT -> trips.disconnected(stomp.getSessionId());
            default -> {
                // SEND is checked by the message handlers; the session is already authenticated
            }
        }
        return message;
    }

    private Authentication authenticate(StompHeaderAccessor stomp) {
        String header = stomp.getFirstNativeHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            log.info("STOMP CONNECT refused: no bearer token");
            throw new MessageDeliveryException("unauthorized: a bearer token is required");
        }
        try {
            Authentication user = authentication.convert(jwtDecoder.decode(header.substring(7).strip()));
            if (user == null) {
                throw new MessageDeliveryException("unauthorized");
            }
            return user;
        } catch (JwtException e) {
            log.info("STOMP CONNECT refused: {}", e.getClass().getSimpleName());
            throw new MessageDeliveryException("unauthorized: invalid token");
        }
    }

    private Authentication admit(Authentication user, String sessionId) {
        if (!userSessions.open(sessionId, user.getName())) {
            log.info("STOMP CONNECT refused: {} has {} sessions open on this node", user.getName(), userSessions.perUser());
            throw new MessageDeliveryException("rate_limited: at most " + userSessions.perUser()
                    + " live sessions per user on a node; close one first");
        }
        return user;
    }

    private void admitSubscription(StompHeaderAccessor stomp) {
        String destination = stomp.getDestination();
        Authentication user = (Authentication) stomp.getUser();
        if (user == null) {
            throw new MessageDeliveryException("unauthorized");
        }
        if (destination == null) {
            throw new MessageDeliveryException("invalid_data: SUBSCRIBE needs a destination");
        }
        Matcher trip = TRIP_SEATS.matcher(destination);
        if (trip.matches()) {
            try {
                boolean conflate = "true".equalsIgnoreCase(stomp.getFirstNativeHeader("conflate"));
                if (!trips.subscribe(Ids.trip(trip.group(1)), stomp.getSessionId(), stomp.getSubscriptionId(),
                        destination, user.getName(), conflate)) {
                    throw new MessageDeliveryException("trip_not_found: " + trip.group(1));
                }
            } catch (BookingRejectedException e) {
                throw new MessageDeliveryException("trip_not_found: " + trip.group(1));
            }
            return;
        }
        if (destination.equals("/user/queue/replies") || destination.equals("/user/queue/holds")) {
            return;
        }
        if (destination.startsWith("/topic/admin/")) {
            boolean admin = user.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
            if (!admin) {
                log.info("STOMP SUBSCRIBE to {} refused for {}", destination, user.getName());
                throw new MessageDeliveryException("forbidden: admins only");
            }
            return;
        }
        log.info("STOMP SUBSCRIBE to unknown destination refused for {}", user.getName());
        throw new MessageDeliveryException("invalid_data: unknown destination");
    }

}
