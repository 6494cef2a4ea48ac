package com.example.booking.api.security;

import com.nimbusds.jose.jwk.source.ImmutableSecret;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VerifiedTokensTest {

    private final SecretKeySpec key = new SecretKeySpec("a-test-secret-of-at-least-thirty-two-bytes!".getBytes(StandardCharsets.UTF_8),
            "HmacSHA256");
    private final AtomicInteger verifications = new AtomicInteger();
    private final JwtDecoder nimbus = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
    private final JwtDecoder counted = token -> {
        verifications.incrementAndGet();
        return nimbus.decode(token);
    };

    /** The cache's own time, which the tests move on; the tokens' expiry is an hour away. */
    private final AtomicLong nanos = new AtomicLong();
    private final VerifiedTokens keptFiveMinutesUnused =
            new VerifiedTokens(counted, Duration.ofMinutes(5), 100, Clock.systemUTC(), nanos::get);

    private String token(String user, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(user).issuedAt(expiresAt.minusSeconds(600))
                .expiresAt(expiresAt).build();
        return new NimbusJwtEncoder(new ImmutableSecret<>(key))
                .encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    private void after(Duration elapsed) {
        nanos.addAndGet(elapsed.toNanos());
    }

    @Test
    void aTokenIsVerifiedOnceWhileItIsValid() {
        VerifiedTokens tokens = new VerifiedTokens(counted, Duration.ofMinutes(5), 100, Clock.systemUTC());
        String alice = token("alice", Instant.now().plusSeconds(600));

        Jwt first = tokens.decode(alice);
        Jwt again = tokens.decode(alice);

        assertThat(again.getSubject()).isEqualTo("alice");
        assertThat(again).isSameAs(first);
        assertThat(verifications).hasValue(1);
        tokens.decode(token("bob", Instant.now().plusSeconds(600)));
        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenWithAnotherSignatureIsVerifiedOnItsOwnAndRefused() {
        VerifiedTokens tokens = new VerifiedTokens(counted, Duration.ofMinutes(5), 100, Clock.systemUTC());
        String alice = token("alice", Instant.now().plusSeconds(600));
        tokens.decode(alice);
        String forged = alice.substring(0, alice.length() - 2) + (alice.endsWith("AA") ? "BB" : "AA");

        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(JwtException.class);
        assertThat(verifications).hasValue(3);
    }

    @Test
    void aKeptTokenPastItsExpiryGoesBackToTheVerifier() {
        Instant expires = Instant.now().plusSeconds(600);
        // the service's clock already past the token's expiry; the verifier's own clock not yet
        VerifiedTokens tokens = new VerifiedTokens(counted, Duration.ofMinutes(5), 100,
                Clock.fixed(expires.plusSeconds(1), ZoneOffset.UTC));
        String alice = token("alice", expires);
        tokens.decode(alice);

        tokens.decode(alice);

        assertThat(verifications).hasValue(2);
    }

    @Test
    void aTokenInUseIsNotVerifiedAgainHoweverLongAgoItWasChecked() {
        String alice = token("alice", Instant.now().plusSeconds(3600));

        keptFiveMinutesUnused.decode(alice);
        for (int minute = 1; minute <= 12; minute++) {
            after(Duration.ofMinutes(1));
            keptFiveMinutesUnused.decode(alice);
        }

        assertThat(verifications).hasValue(1);
    }

    @Test
    void aTokenUnusedForTheKeptTimeIsVerifiedAgain() {
        String alice = token("alice", Instant.now().plusSeconds(3600));
        keptFiveMinutesUnused.decode(alice);

        after(Duration.ofMinutes(5).plusSeconds(1));
        keptFiveMinutesUnused.decode(alice);

        assertThat(verifications).hasValue(2);
    }
}
