package com.example.booking.api;

import com.example.booking.api.infra.embedded.IndexedMemoryBackend;
import de.bwaldvogel.mongo.MongoServer;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * MongoDB stops answering without closing its connections (a half-open connection, a stalled server):
 * commands answer 503 within the read timeout instead of holding their threads and the trip's command queue,
 * and once MongoDB answers again the same trip takes bookings again without a restart.
 */
class MongoStallTest {

    @Test
    void commandsAnswerUnavailableWithinTheReadTimeoutAndTheTripTakesBookingsAgainAfterwards() throws Exception {
        MongoServer mongo = new MongoServer(new IndexedMemoryBackend());
        InetSocketAddress address = mongo.bind();
        try (StallingProxy proxy = new StallingProxy(address);
             ConfigurableApplicationContext app = InProcessService.startWithDevTokens(
                     "--booking.infra.mongodb-uri=mongodb://127.0.0.1:" + proxy.port(),
                     "--booking.infra.mongodb-read-timeout=2s")) {
            ApiClient api = new ApiClient(InProcessService.port(app));
            String trip = "mongo-stall";
            RequestStream stream = RequestStream.onNewTrip(api, trip);
            try (stream) {
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.bookings.size() >= 4);
                proxy.stall();
                await().atMost(Duration.ofSeconds(60)).until(() -> stream.count("503 unavailable") >= 8);
                int bookedBeforeResume = stream.bookings.size();
                proxy.resume();
                await("recovers by itself").atMost(Duration.ofSeconds(90))
                        .until(() -> stream.bookings.size() >= bookedBeforeResume + 4);
            }
            LoggerFactory.getLogger(MongoStallTest.class).info("answers while MongoDB stalled and answered again: {}, slowest {} ({})",
                    stream.answers(), stream.slowest(), stream.slowestAnswer());
            assertThat(stream.unexpected).as("no 500s, no request left waiting for the client's 60 s").isEmpty();
            // a command stored just before the stall whose answer was lost in it was told 503; the client's
            // next try of the same seat then meets its own hold or booking
            assertThat(stream.answers().keySet()).as("booked, or told that MongoDB is unavailable")
                    .isSubsetOf("201 null", "503 unavailable", "409 seat_held", "409 seat_booked");
            // each of a request's few MongoDB round trips ends within the 2-s read timeout or, once the driver
            // saw the server stop answering its heartbeats, the 5-s server selection; without a read timeout
            // they waited for ever and the client's 60 s ran out
            assertThat(stream.slowest()).as("no request hung (slowest: %s)", stream.slowestAnswer())
                    .isLessThan(Duration.ofSeconds(25));

            // every booking answered 201 is in the event store; a command whose answer was lost in the stall
            // may have been stored too, which its 503 cannot rule out
            EventStoreFold fold = EventStoreFold.of(app.getBean(EventStore.class), trip);
            assertThat(fold.violations).isEmpty();
            List<String> answered = stream.bookedSeats();
            assertThat(fold.status.entrySet().stream().filter(seat -> seat.getValue().equals("booked"))
                    .map(Map.Entry::getKey).toList()).containsAll(answered);
        } finally {
            mongo.shutdownNow();
        }
    }
}
