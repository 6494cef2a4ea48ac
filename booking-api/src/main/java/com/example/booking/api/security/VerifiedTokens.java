package com.example.booking.api.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

import java.time.Clock;
import java.time.Duration;

/**
 * Bearer tokens already verified, kept for a while by their exact text so that a user's next requests
 * skip parsing the token and checking its signature again. In an on-sale a user sends a request about
 * every second with the same token; decoding it was about a quarter of what the request threads allocated
 * (async-profiler, scenario 1 with 1,000 users). Only tokens the verifier accepted are kept, so a token
 * that differs by one character is verified on its own; a kept token is dropped once it expires.
 * <p>
 * A token is dropped after a time unused, not a time after its check: its signature does not change, so
 * checking it again proves nothing new. Kept for a fixed time after the check, every token of an on-sale's
 * crowd, all first seen as it opened, fell out together five minutes in, and the service verified a
 * thousand tokens at once on code paths the JIT had long left cold (docs/benchmarks.md, session 48).
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder verifier;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    /**
     * @param keptUnused how long a verified token is kept without being used, bounding the memory of tokens
     *                   no longer used
     * @param atMost     how many tokens are kept at most
     */
    VerifiedTokens(JwtDecoder verifier, Duration keptUnused, long atMost, Clock clock) {
        this(verifier, keptUnused, atMost, clock, Ticker.systemTicker());
    }

    VerifiedTokens(JwtDecoder verifier, Duration keptUnused, long atMost, Clock clock, Ticker ticker) {
        this.verifier = verifier;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().expireAfterAccess(keptUnused).maximumSize(atMost).ticker(ticker).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt known = verified.getIfPresent(token);
        if (known != null) {
            if (known.getExpiresAt() == null || clock.instant().isBefore(known.getExpiresAt())) {
                return known;
            }
            // expired: the verifier decides again (within its clock skew), and refuses soon after
            verified.invalidate(token);
        }
        Jwt jwt = verifier.decode(token);
        verified.put(token, jwt);
        return jwt;
    }
}
