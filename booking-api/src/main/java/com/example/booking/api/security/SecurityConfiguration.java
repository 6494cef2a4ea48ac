package com.example.booking.api.security;

import com.example.booking.api.error.ErrorBody;
import com.example.booking.api.infra.InfrastructureProperties;
import com.example.booking.shared.error.ErrorCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * JWT bearer tokens through Spring Security's resource server: HS256 with the configured secret,
 * {@code sub} as the user, {@code roles} as authorities. Errors are the contract's JSON, not HTML.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    JwtKeys jwtKeys(JwtProperties jwt, InfrastructureProperties infra) {
        JwtKeys keys = JwtKeys.from(jwt, infra);
        if (keys.devTokens()) {
            log.warn("development tokens are ON: POST /api/dev/tokens hands out tokens to anyone");
        }
        return keys;
    }

    /**
     * Spring Security observes every filter of every request when a registry exists (Actuator's); nothing
     * here reads those observations, and wrapping each filter cost about 4 % of the service's CPU under
     * the on-sale benchmark (async-profiler).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtKeys keys, Clock clock) {
        return new VerifiedTokens(NimbusJwtDecoder.withSecretKey(keys.key()).macAlgorithm(MacAlgorithm.HS256).build(),
                Duration.ofMinutes(5), 100_000, clock);
    }

    @Bean
    JwtEncoder jwtEncoder(JwtKeys keys) {
        return new NimbusJwtEncoder(new ImmutableSecret<>(keys.key()));
    }

    @Bean
    JwtAuthenticationConverter jwtAuthenticationConverter() {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(roles);
        return converter;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, JwtAuthenticationConverter converter, ObjectMapper json,
                            JwtKeys keys) throws Exception {
        // tokens only: no sessions to end or requests to save for after a login page, and the defaults for
        // those answered /logout with a redirect to a login page this API does not have
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .authorizeHttpRequests(auth -> {
                    if (keys.devTokens()) {
                        auth.requestMatchers(HttpMethod.POST, "/api/dev/tokens").permitAll();
                    }
                    auth.requestMatchers(HttpMethod.GET, "/api/trips", "/api/trips/*", "/api/trips/*/seats",
                                    "/api/trips/*/stats").permitAll()
                            .requestMatchers(HttpMethod.POST, "/api/trips").hasRole("ADMIN")
                            .requestMatchers("/api/trips/*/seats/block", "/api/trips/*/seats/unblock").hasRole("ADMIN")
                            .requestMatchers("/api/admin/**").hasRole("ADMIN")
                            .requestMatchers("/api/**").authenticated()
                            .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                            .requestMatchers("/actuator/**").hasRole("ADMIN")
                            .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                            .anyRequest().permitAll();
                })
                .oauth2ResourceServer(oauth -> oauth
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint((request, response, e) -> {
                            log.info("refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getClass().getSimpleName());
                            write(response, json, HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED,
                                    "a valid bearer token is required");
                        })
                        .accessDeniedHandler((request, response, e) -> write(response, json,
                                HttpServletResponse.SC_FORBIDDEN, ErrorCode.FORBIDDEN, "not allowed")))
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((request, response, e) -> write(response, json,
                                HttpServletResponse.SC_UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) -> {
                            log.info("forbidden {} {} for {}", request.getMethod(), request.getRequestURI(),
                                    request.getUserPrincipal() == null ? "anonymous" : request.getUserPrincipal().getName());
                            write(response, json, HttpServletResponse.SC_FORBIDDEN, ErrorCode.FORBIDDEN, "not allowed");
                        }));
        return http.build();
    }

    /** Requests the firewall refuses (encoded slashes, path traversal) get the contract's error too. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ObjectMapper json) {
        return (request, response, e) -> {
            log.info("rejected malformed request path: {}", e.getMessage());
            write(response, json, HttpServletResponse.SC_BAD_REQUEST, ErrorCode.INVALID_DATA, "malformed request path");
        };
    }

    private static void write(HttpServletResponse response, ObjectMapper json, int status, ErrorCode code,
                              String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(code, message));
    }
}
