package com.example.booking.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The design most booking APIs use, for comparison: a Redis {@code SET NX PX} per seat, then one MongoDB
 * document per hold or booking. No events, no read models, no live pushes, no tokens checked. It speaks
 * the service's hold and booking paths, so the same load runs against both.
 */
final class BaselineService implements AutoCloseable {

    private static final long HOLD_MILLIS = 600_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService handlers = Executors.newFixedThreadPool(64);
    private final RedisClient redisClient;
    private final MongoClient mongoClient;
    private final ThreadLocal<RedisCommands<String, String>> redis;
    private final MongoCollection<Document> holds;
    private final MongoCollection<Document> bookings;

    BaselineService(String redisUrl, String mongoUrl) throws IOException {
        redisClient = RedisClient.create(redisUrl);
        // one connection per server thread: a blocking command never waits behind another thread's
        redis = ThreadLocal.withInitial(() -> redisClient.connect().sync());
        mongoClient = MongoClients.create(mongoUrl);
        holds = mongoClient.getDatabase("baseline").getCollection("holds");
        bookings = mongoClient.getDatabase("baseline").getCollection("bookings");
        // The JDK's server writes an answer's headers and body apart and, without TCP_NODELAY, holds the body
        // back until the client acknowledges the headers, which Linux delays up to 40 ms: with the Apache
        // client (session 28) the baseline answered after ~43 ms. Read once, when the server first starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // It also closes any keep-alive connection that goes idle while 200 others already are: with 1,000
        // users thinking between requests most connections were closed under the client, which then failed
        // on its next request (session 28: 800 failures, a fifth of the service's throughput).
        System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(handlers);
        server.createContext("/api/trips/", this::hold);
        server.createContext("/api/bookings", this::confirm);
        server.createContext("/api/bookings/", this::cancel);
        server.createContext("/api/holds/release", this::release);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code POST /api/trips/{trip}/holds}: every seat or none. */
    private void hold(HttpExchange exchange) throws IOException {
        String trip = exchange.getRequestURI().getPath().split("/")[3];
        String user = exchange.getRequestHeaders().getFirst("X-User");
        List<String> seats = seats(JSON.readTree(exchange.getRequestBody()));
        RedisCommands<String, String> commands = redis.get();
        List<String> taken = new ArrayList<>();
        for (String seat : seats) {
            String key = "baseline:" + trip + ":" + seat;
            if (commands.set(key, user, SetArgs.Builder.nx().px(HOLD_MILLIS)) == null) {
                taken.forEach(commands::del);
                answer(exchange, 409, "{\"code\":\"seat_held\",\"seats\":[\"" + seat + "\"]}");
                return;
            }
            taken.add(key);
        }
        holds.insertOne(new Document("trip", trip).append("user", user).append("seats", seats));
        answer(exchange, 201, "{\"tripId\":\"" + trip + "\"}");
    }

    /** {@code POST /api/bookings}: the seats must be held by the caller; the hold becomes permanent. */
    private void confirm(HttpExchange exchange) throws IOException {
        String user = exchange.getRequestHeaders().getFirst("X-User");
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String trip = body.get("tripId").asText();
        List<String> seats = seats(body);
        RedisCommands<String, String> commands = redis.get();
        for (String seat : seats) {
            if (!user.equals(commands.get("baseline:" + trip + ":" + seat))) {
                answer(exchange, 409, "{\"code\":\"seat_not_held\",\"seats\":[\"" + seat + "\"]}");
                return;
            }
        }
        seats.forEach(seat -> commands.persist("baseline:" + trip + ":" + seat));
        ObjectId reference = new ObjectId();
        bookings.insertOne(new Document("_id", reference).append("trip", trip).append("user", user).append("seats", seats));
        answer(exchange, 201, "{\"reference\":\"" + reference.toHexString() + "\",\"status\":\"confirmed\"}");
    }

    /** {@code POST /api/bookings/{reference}/cancel}: the caller's booking goes, and its seats are free again. */
    private void cancel(HttpExchange exchange) throws IOException {
        String user = exchange.getRequestHeaders().getFirst("X-User");
        ObjectId reference = new ObjectId(exchange.getRequestURI().getPath().split("/")[3]);
        Document booking = bookings.findOneAndDelete(new Document("_id", reference).append("user", user));
        if (booking == null) {
            answer(exchange, 404, "{\"code\":\"booking_not_found\"}");
            return;
        }
        String trip = booking.getString("trip");
        RedisCommands<String, String> commands = redis.get();
        booking.getList("seats", String.class).forEach(seat -> commands.del("baseline:" + trip + ":" + seat));
        answer(exchange, 200, "{\"status\":\"cancelled\"}");
    }

    /** {@code POST /api/holds/release}: the seats of the trip the caller holds are free again. */
    private void release(HttpExchange exchange) throws IOException {
        String user = exchange.getRequestHeaders().getFirst("X-User");
        JsonNode body = JSON.readTree(exchange.getRequestBody());
        String trip = body.get("tripId").asText();
        RedisCommands<String, String> commands = redis.get();
        for (String seat : seats(body)) {
            String key = "baseline:" + trip + ":" + seat;
            if (user.equals(commands.get(key))) {
                commands.del(key);
            }
        }
        answer(exchange, 200, "{\"status\":\"released\"}");
    }

    /** Bookings per seat of a trip, from MongoDB: more than one is a double booking. */
    List<String> bookedSeats(String trip) {
        List<String> seats = new ArrayList<>();
        bookings.find(new Document("trip", trip)).forEach(booking -> seats.addAll(booking.getList("seats", String.class)));
        return seats;
    }

    private static List<String> seats(JsonNode body) {
        List<String> seats = new ArrayList<>();
        body.get("seats").forEach(seat -> seats.add(seat.asText()));
        return seats;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        // the server does not stop the executor it was given; its threads would keep the tool running
        handlers.shutdownNow();
        mongoClient.close();
        redisClient.shutdown();
    }
}
