package com.example.booking.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param secret        {@code BOOKING_JWT_SECRET}, the HS256 key (at least 32 bytes); blank is allowed only
 *                      with development tokens on, and then a fixed development secret is used
 * @param devTokens     whether {@code POST /api/dev/tokens} hands out tokens; blank means "on exactly when
 *                      running on the embedded defaults"
 * @param devTokenTtl   how long a development token lives
 */
@ConfigurationProperties("booking.jwt")
public record JwtProperties(String secret, Boolean devTokens, @DefaultValue("12h") Duration devTokenTtl) {
}
