package com.example.booking.api.security;

import com.example.booking.api.infra.InfrastructureProperties;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;

/** The HS256 key and whether development tokens are handed out, decided once from configuration. */
public record JwtKeys(SecretKey key, boolean devTokens) {

    /** Only ever used when the service runs on its embedded defaults with no secret configured. */
    static final String DEVELOPMENT_SECRET = "development-only-secret-do-not-use-in-production-0123456789";

    static JwtKeys from(JwtProperties jwt, InfrastructureProperties infra) {
        boolean devTokens = jwt.devTokens() != null ? jwt.devTokens() : infra.embeddedMongo() && infra.embeddedRedis();
        String secret = jwt.secret();
        if (secret == null || secret.isBlank()) {
            if (!devTokens) {
                throw new IllegalStateException("BOOKING_JWT_SECRET must be set when not running on embedded defaults");
            }
            secret = DEVELOPMENT_SECRET;
        }
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < 32) {
            throw new IllegalStateException("BOOKING_JWT_SECRET must be at least 32 bytes for HS256");
        }
        return new JwtKeys(new SecretKeySpec(bytes, "HmacSHA256"), devTokens);
    }
}
