package com.example.booking.api.web;

import com.example.booking.api.error.ErrorBody;
import com.example.booking.shared.error.BookingRejection;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimization;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Per-user limits on command endpoints (every POST and DELETE under {@code /api/}), as Bucket4j token
 * buckets kept in Redis, so a user gets the same allowance however many nodes their requests reach.
 * Over the limit: 429 {@code rate_limited} with {@code Retry-After}.
 *
 * <p>A node keeps each active user's bucket and spends from its last copy of the Redis state, writing
 * back after {@code sync-after} commands or {@code sync-every}, whichever comes first (Bucket4j's delaying
 * optimization). A compare-and-swap in Redis on every command (a GET and an EVAL, and a request thread
 * parked on each) took about 7 % of the service's CPU at an on-sale (session 21); with several nodes a
 * user can now overshoot the allowance by at most {@code sync-after} commands per node between syncs.
 */
@Component
class RateLimits extends ApiFilter {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);

    private final LoadingCache<String, BucketProxy> buckets;
    private final ObjectMapper json;

    RateLimits(LettuceConnectionFactory redis, ObjectMapper json,
               @Value("${booking.rate-limit.commands-per-minute:300}") long perMinute,
               @Value("${booking.rate-limit.sync-after:10}") long syncAfter,
               @Value("${booking.rate-limit.sync-every:10s}") Duration syncEvery) {
        ProxyManager<byte[]> stored = Bucket4jLettuce.casBasedBuilder((RedisClient) redis.getNativeClient())
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
        BucketConfiguration limit = BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .build();
        Optimization delaying = Optimizations.delaying(new DelayParameters(syncAfter, syncEvery));
        // the local state is only worth keeping while the user is active; a bucket built afresh syncs first
        this.buckets = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfterAccess(Duration.ofMinutes(1))
                .build(user -> stored.builder().withOptimization(delaying)
                        .build(("booking:rate:" + user).getBytes(StandardCharsets.UTF_8), () -> limit));
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return super.shouldNotFilter(request) || request.getRequestURI().equals("/api/dev/tokens")
                || !("POST".equals(method) || "DELETE".equals(method));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication caller = SecurityContextHolder.getContext().getAuthentication();
        if (caller == null || !caller.isAuthenticated()) {
            chain.doFilter(request, response);
            return;
        }
        ConsumptionProbe probe;
        try {
            probe = buckets.get(caller.getName()).tryConsumeAndReturnRemaining(1);
        } catch (RuntimeException e) {
            // without Redis no command can run anyway (the trip lock needs it); let the command say so
            log.warn("rate limits unavailable: {}", e.toString());
            chain.doFilter(request, response);
            return;
        }
        if (probe.isConsumed()) {
            response.setHeader("X-Rate-Limit-Remaining", Long.toString(probe.getRemainingTokens()));
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        log.info("rate limit reached by {}", caller.getName());
        response.setStatus(429);
        response.setHeader("Retry-After", Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(new BookingRejection(ErrorCode.RATE_LIMITED,
                "too many requests; try again in " + retryAfter + " s", List.of(), List.of(), retryAfter)));
    }
}
