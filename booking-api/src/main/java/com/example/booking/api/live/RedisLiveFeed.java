package com.example.booking.api.live;

import com.example.booking.query.live.LiveFeed;
import com.example.booking.shared.live.BookingNotice;
import com.example.booking.shared.live.HoldExpiredNotice;
import com.example.booking.shared.live.SeatsChanged;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Carries the projections' announcements to every node over Redis pub/sub, and hands what arrives to
 * this node's live subscribers. Chosen over a streaming processor per node because a projection segment
 * runs on one node only, while every node has subscribers; a second processor per node would read the
 * whole event stream once more on every node. Pub/sub may drop a message (a node briefly disconnected):
 * positions let receivers see the gap, and {@link TripFeeds} then sends a fresh snapshot.
 */
@Component
class RedisLiveFeed implements LiveFeed, MessageListener {

    static final String CHANNEL = "booking:live";
    private static final Logger log = LoggerFactory.getLogger(RedisLiveFeed.class);

    private final LivePublisher publisher;
    private final ObjectMapper json;
    private final TripFeeds trips;
    private final SimpMessagingTemplate stomp;

    RedisLiveFeed(LivePublisher publisher, ObjectMapper json, TripFeeds trips, SimpMessagingTemplate stomp) {
        this.publisher = publisher;
        this.json = json;
        this.trips = trips;
        this.stomp = stomp;
    }

    @Override
    public void seatsChanged(SeatsChanged change) {
        publish("seats", change);
    }

    @Override
    public void holdExpired(HoldExpiredNotice notice) {
        publish("hold-expired", notice);
    }

    @Override
    public void bookingChanged(BookingNotice notice) {
        publish("booking", notice);
    }

    private void publish(String kind, Object body) {
        try {
            publisher.publish(CHANNEL, json.writeValueAsString(Map.of("kind", kind, "body", body)));
        } catch (JsonProcessingException | RuntimeException e) {
            // the read model already has the change; subscribers catch up through the next position gap
            log.warn("could not announce a {} change: {}", kind, e.toString());
        }
    }

    @Override
    public void onMessage(Message message, byte[] pattern) {
        try {
            JsonNode envelope = json.readTree(new String(message.getBody(), StandardCharsets.UTF_8));
            JsonNode body = envelope.get("body");
            switch (envelope.get("kind").asText()) {
                case "seats" -> trips.changed(json.treeToValue(body, SeatsChanged.class));
                case "hold-expired" -> {
                    HoldExpiredNotice notice = json.treeToValue(body, HoldExpiredNotice.class);
                    stomp.convertAndSendToUser(notice.userId(), "/queue/holds",
                            Map.of("type", "hold.expired", "tripId", notice.tripId(), "seats", notice.seats()));
                }
                case "booking" -> {
                    BookingNotice notice = json.treeToValue(body, BookingNotice.class);
                    stomp.convertAndSend("/topic/admin/bookings", LiveMessages.booking(notice));
                }
                default -> log.debug("ignoring live message of kind {}", envelope.get("kind"));
            }
        } catch (Exception e) {
            log.warn("could not deliver a live message: {}", e.toString());
        }
    }
}
