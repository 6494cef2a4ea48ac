package com.example.booking.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/** A real HTTP client of the service, as an app would use it. */
final class ApiClient {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final String base;
    private final HttpClient http;

    ApiClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                // daemon threads: a tool using this client (the rebuild benchmark) must be able to exit
                .executor(Executors.newFixedThreadPool(32, task -> {
                    Thread thread = new Thread(task, "api-client");
                    thread.setDaemon(true);
                    return thread;
                })).build();
    }

    record Response(int status, JsonNode body, Map<String, List<String>> headers) {

        String code() {
            return body == null ? null : body.path("code").asText(null);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    String token(String user, String... roles) {
        Response response = send("POST", "/api/dev/tokens", null,
                Map.of("userId", user, "roles", roles.length == 0 ? List.of("USER") : List.of(roles)));
        if (response.status() != 200) {
            throw new IllegalStateException("no token: " + response);
        }
        return response.body().get("token").asText();
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, Object body) {
        return send("POST", path, token, body);
    }

    Response delete(String path, String token, Object body) {
        return send("DELETE", path, token, body);
    }

    Response send(String method, String path, String token, Object body) {
        try {
            return raw(method, path, token, body == null ? null : JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response raw(String method, String path, String token, String body) {
        return raw(method, path, token, body, Map.of());
    }

    Response raw(String method, String path, String token, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? null : parse(response.body());
            return new Response(response.statusCode(), json, response.headers().map());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The answer as JSON; anything else (an HTML error page, say) as a text node, so tests can show it. */
    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** A trip of {@code rows} × {@code columns} generated seats at 10.00 EUR, created by an admin. */
    Response createTrip(String adminToken, String tripId, int rows, int columns) {
        return post("/api/trips", adminToken, Map.of(
                "tripId", tripId, "name", "Trip " + tripId, "departsAt", "2026-12-24T08:00:00Z",
                "categories", List.of(Map.of("id", "std", "name", "Standard", "price", 10.00, "currency", "EUR")),
                "layout", Map.of("rows", rows, "columns", columns, "category", "std")));
    }

    static Map<String, Object> booking(String tripId, List<String> seats) {
        return Map.of("tripId", tripId, "seats", seats,
                "passengers", seats.stream().map(seat -> Map.of("firstName", "Pax", "lastName", seat,
                        "idType", "passport", "idNumber", "X" + seat)).toList(),
                "payment", Map.of("reference", "psp_" + seats.get(0), "method", "card"),
                "contact", Map.of("name", "Pax", "email", "pax@example.com"));
    }
}
