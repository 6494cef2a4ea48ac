package com.example.booking.api;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Data and deadlines live in the embedded server's file: a restart loses neither. */
class RestartTest {

    @TempDir
    Path data;

    @Test
    void aHoldMadeBeforeAStopExpiresAfterTheStartAndBookingsSurvive() {
        String trip = "restart-trip";
        Instant expiresAt;
        String reference;
        Set<Thread> before = liveUserThreads();
        try (ConfigurableApplicationContext first = start()) {
            ApiClient api = new ApiClient(port(first));
            String admin = api.token("admin", "ADMIN");
            String alice = api.token("alice");
            assertThat(api.createTrip(admin, trip, 2, 2).status()).isEqualTo(201);
            api.post("/api/trips/" + trip + "/holds", alice, Map.of("seats", List.of("1B")));
            reference = api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1B"))).body().get("reference").asText();
            ApiClient.Response hold = api.post("/api/trips/" + trip + "/holds", alice,
                    Map.of("seats", List.of("1A"), "holdMinutes", 1));
            assertThat(hold.status()).isEqualTo(201);
            expiresAt = Instant.parse(hold.body().get("expiresAt").asText());
        }
        // a thread the stopped application left behind would keep an embedding JVM from exiting
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(liveUserThreads())
                .filteredOn(thread -> !before.contains(thread) && thread != Thread.currentThread())
                .extracting(Thread::getName).isEmpty());

        try (ConfigurableApplicationContext second = start()) {
            ApiClient api = new ApiClient(port(second));
            String alice = api.token("alice");
            assertThat(api.get("/api/trips/" + trip + "/seats?status=held", null).body().get("seats")).hasSize(1);
            assertThat(api.get("/api/bookings/" + reference, alice).body().get("seats").get(0).asText()).isEqualTo("1B");

            EventStore eventStore = second.getBean(EventStore.class);
            await().atMost(Duration.ofSeconds(100)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(EventStoreFold.of(eventStore, trip).status.get("1A")).isEqualTo("available"));
            assertThat(Instant.now()).isAfterOrEqualTo(expiresAt);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(api.get("/api/trips/" + trip, null).body().get("held").asInt()).isZero());
            assertThat(api.get("/api/trips/" + trip, null).body().get("booked").asInt()).isEqualTo(1);
        }
    }

    private static Set<Thread> liveUserThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.isAlive() && !thread.isDaemon())
                .collect(Collectors.toSet());
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(BookingApplication.class)
                .run("--server.port=0", "--booking.infra.data-dir=" + data, "--booking.infra.in-memory=false",
                        "--axoniq.update-checker.disabled=true");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }
}
