package com.example.booking.api;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad input gets the contract's status and code, never a 500, and changes nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    static final String TRIP = "bad-input-trip";

    @LocalServerPort
    int port;

    ApiClient api;
    String user;
    String admin;

    @BeforeAll
    void setUp() {
        api = new ApiClient(port);
        admin = api.token("admin", "ADMIN");
        user = api.token("mallory");
        assertThat(api.createTrip(admin, TRIP, 5, 4).status()).isEqualTo(201);
    }

    Stream<Arguments> badRequests() {
        String holds = "/api/trips/" + TRIP + "/holds";
        String fiftyOne = IntStream.rangeClosed(1, 51).mapToObj(i -> "\"" + i + "A\"").reduce((a, b) -> a + "," + b).orElseThrow();
        String tenMegabytes = "{\"seats\":[\"" + "A".repeat(10 * 1024 * 1024) + "\"]}";
        return Stream.of(
                Arguments.of("malformed JSON", "POST", holds, "{\"seats\":[\"1A\"", 400, "invalid_data"),
                Arguments.of("not JSON at all", "POST", holds, "seats=1A", 400, "invalid_data"),
                Arguments.of("seats of the wrong type", "POST", holds, "{\"seats\":\"1A\"}", 400, "invalid_data"),
                Arguments.of("seat labels of the wrong type", "POST", holds, "{\"seats\":[{\"a\":1}]}", 400, "invalid_data"),
                Arguments.of("minutes of the wrong type", "POST", holds, "{\"seats\":[\"1A\"],\"holdMinutes\":\"ten\"}", 400, "invalid_data"),
                Arguments.of("fractional minutes", "POST", holds, "{\"seats\":[\"1A\"],\"holdMinutes\":1.5}", 400, "invalid_data"),
                Arguments.of("huge minutes", "POST", holds, "{\"seats\":[\"1A\"],\"holdMinutes\":99999999999999999999}", 400, "invalid_data"),
                Arguments.of("zero minutes", "POST", holds, "{\"seats\":[\"1A\"],\"holdMinutes\":0}", 400, "invalid_data"),
                Arguments.of("31 minutes", "POST", holds, "{\"seats\":[\"1A\"],\"holdMinutes\":31}", 400, "invalid_data"),
                Arguments.of("unknown seats", "POST", holds, "{\"seats\":[\"1A\",\"99Z\"]}", 400, "invalid_data"),
                Arguments.of("51 seats", "POST", holds, "{\"seats\":[" + fiftyOne + "]}", 400, "invalid_data"),
                Arguments.of("no seats", "POST", holds, "{\"seats\":[]}", 400, "invalid_data"),
                Arguments.of("empty object", "POST", holds, "{}", 400, "invalid_data"),
                Arguments.of("no body", "POST", holds, null, 400, "invalid_data"),
                Arguments.of("a 10 MB body", "POST", holds, tenMegabytes, 400, "invalid_data"),
                Arguments.of("unknown trip", "POST", "/api/trips/no-such-trip/holds", "{\"seats\":[\"1A\"]}", 404, "trip_not_found"),
                Arguments.of("trip id with a dot-dot", "POST", "/api/trips/..%2e/holds", "{\"seats\":[\"1A\"]}", 400, "invalid_data"),
                Arguments.of("NUL in a trip id (refused by Tomcat itself)", "POST", "/api/trips/%00/holds", "{\"seats\":[\"1A\"]}", 400, "invalid_data"),
                Arguments.of("trip id that cannot exist", "POST", "/api/trips/a%20b/holds", "{\"seats\":[\"1A\"]}", 404, "trip_not_found"),
                Arguments.of("release of seats not held", "DELETE", holds, "{\"seats\":[\"1A\"]}", 409, "not_holder"),
                Arguments.of("booking of seats not held", "POST", "/api/bookings",
                        "{\"tripId\":\"" + TRIP + "\",\"seats\":[\"1A\"],\"passengers\":[{\"firstName\":\"M\",\"lastName\":\"X\"}],"
                                + "\"payment\":{\"reference\":\"p1\"},\"contact\":{\"name\":\"M\",\"email\":\"m@x\"}}", 409, "not_holder"),
                Arguments.of("booking without passengers", "POST", "/api/bookings",
                        "{\"tripId\":\"" + TRIP + "\",\"seats\":[\"1A\"],\"payment\":{\"reference\":\"p1\"}}", 400, "invalid_data"),
                Arguments.of("booking without trip", "POST", "/api/bookings", "{\"seats\":[\"1A\"]}", 400, "invalid_data"),
                Arguments.of("unknown booking", "GET", "/api/bookings/ZZZZZZ", null, 404, "booking_not_found"),
                Arguments.of("path traversal in a booking reference", "POST", "/api/bookings/../cancel", null, 400, "invalid_data"),
                Arguments.of("malformed booking reference", "POST", "/api/bookings/abc/cancel", null, 404, "booking_not_found"),
                Arguments.of("bad seat-map filter", "GET", "/api/trips/" + TRIP + "/seats?status=lost", null, 400, "invalid_data"),
                Arguments.of("bad viewport", "GET", "/api/trips/" + TRIP + "/seats?viewport=1,2,x", null, 400, "invalid_data"),
                Arguments.of("a USER creating a trip", "POST", "/api/trips", "{\"name\":\"x\"}", 403, "forbidden"),
                // Spring Security's form-login defaults answered these with a redirect to a login page that is not there
                Arguments.of("logging out of a token-only API", "POST", "/logout", null, 404, "invalid_data"),
                Arguments.of("a logout page", "GET", "/logout", null, 404, "invalid_data"),
                // Spring Boot's error page answered a request for itself with a 500 and a body of its own
                Arguments.of("the container's error path itself", "GET", "/error", null, 404, "invalid_data"),
                Arguments.of("the container's error path, posted to", "POST", "/error", "{}", 404, "invalid_data"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void isRefusedWithTheContractsCodeAndChangesNothing(String name, String method, String path, String body,
                                                        int status, String code) {
        long positionBefore = api.get("/api/trips/" + TRIP, null).body().get("position").asLong();

        ApiClient.Response response = api.raw(method, path, user, body);

        assertThat(response.status()).as(name + ": " + response).isEqualTo(status);
        assertThat(response.code()).as(name).isEqualTo(code);
        assertThat(response.body().get("message").asText()).isNotBlank();
        assertThat(api.get("/api/trips/" + TRIP, null).body().get("position").asLong()).isEqualTo(positionBefore);
        assertThat(api.get("/api/trips/" + TRIP, null).body().get("available").asInt()).isEqualTo(20);
    }

    Stream<Arguments> unauthenticated() {
        return Stream.of(
                Arguments.of("no token", null),
                Arguments.of("garbage token", "not-a-jwt"),
                Arguments.of("unsigned token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJtYWxsb3J5Iiwicm9sZXMiOlsiQURNSU4iXX0."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unauthenticated")
    void aCommandWithoutAValidTokenIsUnauthorized(String name, String token) {
        ApiClient.Response response = api.send("POST", "/api/trips/" + TRIP + "/holds", token, java.util.Map.of("seats", List.of("1A")));
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.code()).isEqualTo("unauthorized");
        assertThat(api.get("/api/trips/" + TRIP, null).body().get("held").asInt()).isZero();
    }
}
