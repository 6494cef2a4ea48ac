package com.example.booking.api;

import com.example.booking.command.trip.TripSeats;
import org.axonframework.common.caching.Cache;
import org.bson.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ActiveProfiles;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A trip loaded from its snapshot decides as the trip in memory did, and a snapshot in a form this version
 * does not know (written by a newer node during a rolling upgrade) is passed over for the trip's events.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "booking.snapshots.threshold=3")
@ActiveProfiles("test")
class SnapshotsTest {

    @LocalServerPort
    int port;

    @Autowired
    MongoTemplate mongo;

    @Autowired
    @Qualifier("tripSeatsCache")
    Cache trips;

    ApiClient api;
    String trip;
    String alice;
    String bob;

    @BeforeEach
    void setUp() {
        api = new ApiClient(port);
        trip = "snap-" + UUID.randomUUID();
        alice = api.token("alice");
        bob = api.token("bob");
        assertThat(api.createTrip(api.token("admin", "ADMIN"), trip, 2, 3).status()).isEqualTo(201);
        for (String seat : List.of("1A", "1B", "1C")) {
            assertThat(hold(alice, seat).status()).isEqualTo(201);
        }
        assertThat(api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1B"))).status()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> latestSnapshot() != null);
    }

    @Test
    void aTripLoadedFromItsSnapshotKeepsItsHoldsAndBookings() {
        Document snapshot = latestSnapshot();
        assertThat(snapshot.getString("payloadRevision")).isEqualTo(TripSeats.SNAPSHOT_REVISION);

        trips.remove(trip);

        assertThatTheTripIsWhatItsEventsSay();
    }

    @Test
    void aSnapshotOfANewerFormIsPassedOverForTheEvents() {
        Document newer = latestSnapshot();
        newer.remove("_id");
        newer.put("payloadRevision", "3");
        newer.put("serializedPayload", "{\"seats\":\"in a form this version cannot read\"}");
        mongo.getCollection("snapshotevents").deleteMany(new Document("aggregateIdentifier", trip));
        mongo.getCollection("snapshotevents").insertOne(newer);

        trips.remove(trip);

        assertThatTheTripIsWhatItsEventsSay();
    }

    private void assertThatTheTripIsWhatItsEventsSay() {
        assertThat(hold(bob, "1A").code()).isEqualTo("seat_held");
        assertThat(hold(bob, "1B").code()).isEqualTo("seat_booked");
        assertThat(hold(bob, "2A").status()).isEqualTo(201);
        assertThat(api.post("/api/bookings", alice, ApiClient.booking(trip, List.of("1C"))).status()).isEqualTo(201);
    }

    private ApiClient.Response hold(String user, String seat) {
        return api.post("/api/trips/" + trip + "/holds", user, Map.of("seats", List.of(seat)));
    }

    private Document latestSnapshot() {
        return mongo.getCollection("snapshotevents").find(new Document("aggregateIdentifier", trip))
                .sort(new Document("sequenceNumber", -1)).first();
    }
}
