package com.example.booking.api.security;

import com.example.booking.shared.error.BookingRejectedException;
import com.example.booking.shared.error.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Development only: mints a token for any user and roles, so the service can be tried without an identity provider. */
@RestController
@Tag(name = "Development")
class DevTokenController {

    private static final Set<String> ROLES = Set.of("USER", "ADMIN");

    private final JwtEncoder encoder;
    private final JwtKeys keys;
    private final JwtProperties properties;
    private final Clock clock;

    DevTokenController(JwtEncoder encoder, JwtKeys keys, JwtProperties properties, Clock clock) {
        this.encoder = encoder;
        this.keys = keys;
        this.properties = properties;
        this.clock = clock;
    }

    record TokenRequest(String userId, List<String> roles) {
    }

    record TokenResponse(String token) {
    }

    @Operation(summary = "Mint a development token (embedded default only)")
    @PostMapping("/api/dev/tokens")
    TokenResponse token(@RequestBody TokenRequest request) {
        if (!keys.devTokens()) {
            throw new BookingRejectedException(ErrorCode.FORBIDDEN, "development tokens are off");
        }
        if (request.userId() == null || request.userId().isBlank() || request.userId().length() > 128
                || request.userId().chars().anyMatch(Character::isISOControl)) {
            throw BookingRejectedException.invalid("userId must be 1-128 printable characters");
        }
        List<String> roles = request.roles() == null || request.roles().isEmpty() ? List.of("USER") : request.roles();
        if (!ROLES.containsAll(roles)) {
            throw BookingRejectedException.invalid("roles are USER and/or ADMIN");
        }
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .subject(request.userId())
                .issuedAt(clock.instant())
                .expiresAt(clock.instant().plus(properties.devTokenTtl()))
                .claims(all -> all.putAll(Map.of("roles", roles)))
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new TokenResponse(token);
    }
}
