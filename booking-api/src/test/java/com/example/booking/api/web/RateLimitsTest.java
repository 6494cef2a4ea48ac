package com.example.booking.api.web;

import com.example.booking.api.infra.LocalRedis;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two nodes' rate limits against one real redis-server: each node spends from its own copy of a user's
 * bucket and writes back every few commands, and the allowance still holds across both.
 */
class RateLimitsTest {

    private static final long PER_MINUTE = 20;
    private static final long SYNC_AFTER = 5;

    @AutoClose
    static final LocalRedis redis = LocalRedis.started();

    @AfterEach
    void forgetCaller() {
        SecurityContextHolder.clearContext();
    }

    private static RateLimits node() {
        return new RateLimits(redis.connections(), new ObjectMapper(), PER_MINUTE, SYNC_AFTER, Duration.ofSeconds(1));
    }

    @Test
    void oneNodeAdmitsTheAllowanceThenAnswers429WithRetryAfter() throws Exception {
        RateLimits node = node();
        AtomicInteger admitted = new AtomicInteger();
        String carol = "carol-" + System.nanoTime();
        MockHttpServletResponse last = null;
        for (int i = 0; i < 30; i++) {
            last = command(node, carol, admitted);
        }

        // 20 at once, refilled at one every 3 s while the loop runs
        assertThat(admitted.get()).isBetween((int) PER_MINUTE, (int) PER_MINUTE + 1);
        assertThat(last.getStatus()).isEqualTo(429);
        assertThat(last.getContentAsString()).contains("rate_limited");
        assertThat(Long.parseLong(last.getHeader("Retry-After"))).isPositive();
    }

    @Test
    void twoNodesShareOneAllowanceWithinTheirUnsyncedCommands() throws Exception {
        List<RateLimits> nodes = List.of(node(), node());
        AtomicInteger admitted = new AtomicInteger();
        String user = "dave-" + System.nanoTime();
        for (int i = 0; i < 80; i++) {
            command(nodes.get(i % 2), user, admitted);
        }

        // each node on its own would admit 20: 40 in all
        assertThat(admitted.get()).isBetween((int) PER_MINUTE, (int) (PER_MINUTE + 2 * SYNC_AFTER + 1));
    }

    @Test
    void usersHaveAllowancesOfTheirOwn() throws Exception {
        RateLimits node = node();
        AtomicInteger admitted = new AtomicInteger();
        String erin = "erin-" + System.nanoTime();
        for (int i = 0; i < 25; i++) {
            command(node, erin, admitted);
        }
        AtomicInteger frank = new AtomicInteger();

        assertThat(admitted.get()).as("erin spent her allowance").isBetween((int) PER_MINUTE, (int) PER_MINUTE + 1);
        assertThat(command(node, "frank-" + System.nanoTime(), frank).getStatus()).isEqualTo(200);
        assertThat(frank.get()).isOne();
    }

    private static MockHttpServletResponse command(RateLimits node, String user, AtomicInteger admitted)
            throws Exception {
        SecurityContextHolder.getContext().setAuthentication(new TestingAuthenticationToken(user, null, "ROLE_USER"));
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/trips/t-1/holds");
        MockHttpServletResponse response = new MockHttpServletResponse();
        node.doFilter(request, response, (in, out) -> admitted.incrementAndGet());
        return response;
    }
}
