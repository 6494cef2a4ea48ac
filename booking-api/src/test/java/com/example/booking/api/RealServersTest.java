package com.example.booking.api;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.MongoDBContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same flow against a real MongoDB (replica set) and a real Redis in containers. Skipped cleanly
 * where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"booking.jwt.secret=test-secret-of-at-least-thirty-two-bytes!!", "booking.jwt.dev-tokens=true"})
class RealServersTest {

    @Container
    static final MongoDBContainer MONGO = new MongoDBContainer("mongo:7.0");

    @Container
    static final GenericContainer<?> REDIS = new GenericContainer<>("redis:7.2-alpine").withExposedPorts(6379);

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        registry.add("booking.infra.mongodb-uri", MONGO::getReplicaSetUrl);
        registry.add("booking.infra.redis-url", () -> "redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379));
    }

    @LocalServerPort
    int port;

    @Test
    void holdsConfirmsAndCancelsOnRealMongoAndRedis() {
        ApiClient api = new ApiClient(port);
        String admin = api.token("admin", "ADMIN");
        String alice = api.token("alice");
        String bob = api.token("bob");
        assertThat(api.createTrip(admin, "real-trip", 2, 3).status()).isEqualTo(201);
        assertThat(api.post("/api/trips/real-trip/holds", alice, Map.of("seats", List.of("1A", "1B"))).status()).isEqualTo(201);
        assertThat(api.post("/api/trips/real-trip/holds", bob, Map.of("seats", List.of("1B"))).code()).isEqualTo("seat_held");
        ApiClient.Response booked = api.post("/api/bookings", alice, ApiClient.booking("real-trip", List.of("1A", "1B")));
        assertThat(booked.status()).isEqualTo(201);
        assertThat(api.get("/api/trips/real-trip", alice).body().get("booked").asInt()).isEqualTo(2);
        String reference = booked.body().get("reference").asText();
        assertThat(api.post("/api/bookings/" + reference + "/cancel", alice, null).status()).isEqualTo(200);
        assertThat(api.get("/api/trips/real-trip", alice).body().get("available").asInt()).isEqualTo(6);
    }
}
