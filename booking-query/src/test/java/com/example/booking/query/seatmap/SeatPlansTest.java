package com.example.booking.query.seatmap;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Seat plans are kept by their seats: many small trips stay, and the one read last is never dropped. */
class SeatPlansTest {

    MongoServer server;
    MongoClient client;
    MongoTemplate mongo;

    @BeforeEach
    void setUp() {
        server = new MongoServer(new MemoryBackend());
        client = MongoClients.create(server.bindAndGetConnectionString());
        mongo = new MongoTemplate(client, "test");
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void keepsAsManyTripsAsTheirSeatsAllowAndDropsTheLeastRecentlyUsed() {
        for (int trip = 0; trip < 5; trip++) {
            schedule("trip-" + trip, 60);
        }
        SeatPlans plans = new SeatPlans(mongo, 240);
        for (int trip = 0; trip < 4; trip++) {
            assertThat(plans.of("trip-" + trip, "A1").category()).isEqualTo("std");
        }
        plans.of("trip-0", "A2");
        // seats change under the plans kept: only a plan read again shows it
        mongo.updateMulti(new Query(), new Update().set("category", "changed"), SeatDocument.class);

        plans.of("trip-4", "A1");

        assertThat(plans.tripsKept()).isEqualTo(4);
        assertThat(plans.of("trip-0", "A1").category()).as("recently used, kept").isEqualTo("std");
        assertThat(plans.of("trip-1", "A1").category()).as("least recently used, read again").isEqualTo("changed");
    }

    @Test
    void keepsTheTripJustReadEvenWhenItAloneExceedsTheBound() {
        schedule("small", 10);
        schedule("large", 500);
        SeatPlans plans = new SeatPlans(mongo, 100);
        plans.of("small", "A1");

        assertThat(plans.of("large", "A499").label()).isEqualTo("A499");
        assertThat(plans.tripsKept()).isEqualTo(1);
    }

    private void schedule(String tripId, int seats) {
        List<SeatDocument> documents = new ArrayList<>();
        for (int i = 0; i < seats; i++) {
            String label = "A" + i;
            documents.add(new SeatDocument(SeatDocument.id(tripId, label), tripId, i, label, "available", "std", "10.00",
                    1, i, 0, 0, null, null, null, 0));
        }
        mongo.insertAll(documents);
    }
}
