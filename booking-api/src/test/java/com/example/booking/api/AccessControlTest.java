package com.example.booking.api;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may do what: bad tokens are unauthorized, users cannot act as admins or touch each other's seats. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@ExtendWith(OutputCaptureExtension.class)
class AccessControlTest {

    /** The embedded default's development secret, as a client holding it would sign with. */
    static final String DEV_SECRET = "development-only-secret-do-not-use-in-production-0123456789";

    @LocalServerPort
    int port;

    ApiClient api;
    String alice;
    String bob;
    String trip;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        alice = api.token("alice");
        bob = api.token("bob");
        trip = "acl-" + UUID.randomUUID();
        assertThat(api.createTrip(api.token("admin", "ADMIN"), trip, 2, 2).status()).isEqualTo(201);
    }

    private static String sign(String secret, String subject, List<String> roles, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .subject(subject).claim("roles", roles).expirationTime(Date.from(expires)).build());
        jwt.sign(new MACSigner(secret.getBytes()));
        return jwt.serialize();
    }

    @Test
    void expiredTokensAndTokensSignedWithAnotherKeyAreUnauthorized() throws Exception {
        String expired = sign(DEV_SECRET, "alice", List.of("USER"), Instant.now().minusSeconds(120));
        String foreign = sign("another-secret-of-at-least-thirty-two-bytes!", "alice", List.of("ADMIN"),
                Instant.now().plusSeconds(600));
        String valid = sign(DEV_SECRET, "alice", List.of("USER"), Instant.now().plusSeconds(600));

        for (String token : List.of(expired, foreign)) {
            ApiClient.Response response = api.post("/api/trips/" + trip + "/holds", token, Map.of("seats", List.of("1A")));
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.code()).isEqualTo("unauthorized");
        }
        assertThat(api.post("/api/trips/" + trip + "/holds", valid, Map.of("seats", List.of("1A"))).status()).isEqualTo(201);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "POST, /api/trips",
            "POST, /api/trips/TRIP/seats/block",
            "POST, /api/trips/TRIP/seats/unblock",
            "GET, /api/admin/projections",
            "POST, /api/admin/projections/seat-maps/rebuild",
            "GET, /api/admin/projections/seat-maps/history",
            "GET, /api/admin/trips/TRIP/history",
            "GET, /api/admin/trips/TRIP/seats?asOf=2026-01-01T00:00:00Z"})
    void aUserCannotCallAdminEndpoints(String method, String path) {
        ApiClient.Response response = api.send(method, path.replace("TRIP", trip), alice,
                method.equals("POST") ? Map.of("seats", List.of("1A")) : null);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.code()).isEqualTo("forbidden");
    }

    @Test
    void aUserSendingTooManyCommandsIsRateLimitedWithoutSlowingOthers() {
        String spammer = api.token("spammer-" + UUID.randomUUID());
        ApiClient.Response last = null;
        int refusedBeforeLimit = 0;
        for (int i = 0; i < 500 && (last == null || last.status() != 429); i++) {
            last = api.delete("/api/trips/" + trip + "/holds", spammer, Map.of("seats", List.of("9Z")));
            if (last.status() == 400) {
                refusedBeforeLimit++;
            }
        }

        // 300 at once, refilled at 5 a second while the loop runs
        assertThat(refusedBeforeLimit).as("the default allowance is 300 commands a minute").isBetween(300, 400);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(last.headers().get("retry-after").get(0))).isPositive();
        assertThat(api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("2B"))).status())
                .as("other users keep their own allowance").isEqualTo(201);
    }

    @Test
    void aUserCannotReleaseConfirmReadOrCancelAnotherUsersSeatsOrBookings() {
        api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1A", "1B")));
        String reference = api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1B"))).body()
                .get("reference").asText();

        assertThat(api.delete("/api/trips/" + trip + "/holds", bob, Map.of("seats", List.of("1A"))).code()).isEqualTo("not_holder");
        assertThat(api.post("/api/bookings", bob, ApiClient.booking(trip, List.of("1A"))).code()).isEqualTo("not_holder");
        assertThat(api.get("/api/bookings/" + reference, bob).code()).isEqualTo("forbidden");
        assertThat(api.post("/api/bookings/" + reference + "/cancel", bob, null).code()).isEqualTo("forbidden");
        assertThat(api.get("/api/bookings", bob).body().findValuesAsText("reference")).doesNotContain(reference);
        assertThat(api.get("/api/trips/" + trip + "/seats", bob).body().findValuesAsText("holder")).isEmpty();
        assertThat(api.get("/api/trips/" + trip, alice).body().get("booked").asInt()).isEqualTo(1);
        assertThat(api.get("/api/trips/" + trip, alice).body().get("held").asInt()).isEqualTo(1);
    }

    @Test
    void refusalsAreLoggedWithoutTheTokens(CapturedOutput output) throws Exception {
        String expired = sign(DEV_SECRET, "mallory", List.of("USER"), Instant.now().minusSeconds(60));
        String foreign = sign("another-key-that-is-also-at-least-32-bytes-long", "mallory", List.of("ADMIN"),
                Instant.now().plusSeconds(600));
        String unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZXMiOlsiQURNSU4iXX0.";
        String holds = "/api/trips/" + trip + "/holds";
        for (String token : List.of(expired, foreign, unsigned)) {
            assertThat(api.post(holds, token, Map.of("seats", List.of("1A"))).status()).isEqualTo(401);
        }
        String block = "/api/trips/" + trip + "/seats/block";
        assertThat(api.post(block, alice, Map.of("seats", List.of("1A"), "reason", "x")).status()).isEqualTo(403);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(output.getAll())
                .contains("refused POST " + holds).contains("forbidden POST " + block + " for alice"));
        for (String token : List.of(expired, foreign, unsigned, alice)) {
            assertThat(output.getAll()).as("no token in the log").doesNotContain(token)
                    .doesNotContain(token.substring(0, token.indexOf('.', token.indexOf('.') + 1)));
        }
        for (String signed : List.of(expired, foreign, alice)) {
            assertThat(output.getAll()).as("no signature in the log").doesNotContain(signed.substring(signed.lastIndexOf('.') + 1));
        }
    }
}
