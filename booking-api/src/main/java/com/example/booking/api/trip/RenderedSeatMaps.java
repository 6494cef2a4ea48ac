package com.example.booking.api.trip;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.shared.seat.SeatMapView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Seat maps as JSON, kept per trip and brought up to date seat by seat. A map of 10,000 seats is about
 * 1 MB of JSON; rendering all of it for every reader cost tens of milliseconds of CPU each, and during an
 * on-sale the trip changes between almost every two reads. Each seat's JSON is kept and rendered again
 * only when the seat changed; a reader's answer is the kept pieces joined, with {@code heldByMe} added
 * to the caller's own held seats; a filtered read (a status, a viewport) is the kept pieces of the seats it
 * asks for. Admins, who also see holders, take the plain path.
 * Live subscribers' snapshots are the same seats under a {@code "type"}, so they come from here too.
 * <p>
 * An on-sale opens with a thousand readers of one map at once. Each read the map from MongoDB and built its
 * own megabyte of answer: 200 request threads doing so filled a 512-MiB heap, and the service answered
 * nothing for a minute. Readers of a map being rendered now wait for that rendering, and an answer is
 * written from the kept pieces straight to the response.
 */
@Component
public class RenderedSeatMaps {

    /** About 100 bytes of JSON and a seat record per seat: a few tens of MB at most. */
    private static final int SEATS = 200_000;
    private static final byte[] HELD_BY_ME = ",\"heldByMe\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAIN = "{".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LIVE_SNAPSHOT = "{\"type\":\"seats.snapshot\",".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    /**
     * Kept by seats, the trips read most often first (Caffeine's frequency-aware eviction). Dropping every
     * trip once the bound was passed let twenty 10,000-seat trips read in turn render each map afresh
     * on almost every read, the hottest one with them.
     */
    private final Map<String, Rendered> trips;
    private final Map<String, CompletableFuture<Rendered>> rendering = new ConcurrentHashMap<>();

    @Autowired
    public RenderedSeatMaps(ObjectMapper json) {
        this(json, SEATS);
    }

    RenderedSeatMaps(ObjectMapper json, int seats) {
        this.json = json;
        Cache<String, Rendered> kept = Caffeine.newBuilder()
                .maximumWeight(seats)
                // a trip larger than the bound is still kept, alone
                .weigher((String trip, Rendered rendered) -> Math.min(rendered.pieces().length, seats))
                // eviction is a few map operations: done by the reader that passes the bound, not a pool's thread
                .executor(Runnable::run)
                .build();
        this.trips = kept.asMap();
    }

    /**
     * A trip's seats as rendered at {@code position} or later, while none of its holds has lapsed by
     * {@code now} (a lapsed hold shows as available without a change of position), or {@code null}.
     */
    public Rendered current(String tripId, long position, Instant now) {
        Rendered rendered = trips.get(tripId);
        return rendered != null && rendered.position() >= position && now.isBefore(rendered.validUntil())
                ? rendered : null;
    }

    /**
     * As {@link #current}, or else rendered from {@code read}, which runs once for all readers of the trip
     * that ask while it runs. A reader whose position that rendering may predate waits for the next one.
     */
    public Rendered currentOrRender(String tripId, long position, Instant now, Supplier<SeatMapView> read) {
        while (true) {
            Rendered kept = current(tripId, position, now);
            if (kept != null) {
                return kept;
            }
            CompletableFuture<Rendered> mine = new CompletableFuture<>();
            CompletableFuture<Rendered> running = rendering.putIfAbsent(tripId, mine);
            if (running == null) {
                try {
                    Rendered fresh = render(read.get());
                    mine.complete(fresh);
                    return fresh;
                } catch (RuntimeException | Error e) {
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    rendering.remove(tripId, mine);
                }
            }
            Rendered shared = joined(running);
            if (shared.position() >= position && now.isBefore(shared.validUntil())) {
                return shared;
            }
        }
    }

    private static Rendered joined(CompletableFuture<Rendered> running) {
        try {
            return running.join();
        } catch (CompletionException e) {
            // the reader that rendered got the failure itself (no such trip, MongoDB away): so do its waiters
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Renders the map, reusing the JSON of every seat unchanged since the trip's last rendering. */
    public Rendered render(SeatMapView map) {
        Rendered previous = trips.get(map.tripId());
        List<SeatMapView.Seat> seats = map.seats();
        byte[][] pieces = new byte[seats.size()][];
        Instant validUntil = Instant.MAX;
        for (int i = 0; i < seats.size(); i++) {
            SeatMapView.Seat seat = seats.get(i);
            boolean unchanged = previous != null && previous.seats().size() == seats.size()
                    && previous.seats().get(i).equals(seat);
            pieces[i] = unchanged ? previous.pieces()[i] : piece(seat);
            if (seat.expiresAt() != null && seat.expiresAt().isBefore(validUntil)) {
                validUntil = seat.expiresAt();
            }
        }
        byte[] head = ("\"tripId\":" + quoted(map.tripId()) + ",\"position\":" + map.position() + ",\"seats\":[")
                .getBytes(StandardCharsets.UTF_8);
        Rendered rendered = new Rendered(map.position(), validUntil, head, List.copyOf(seats), pieces,
                new AtomicReference<>());
        trips.merge(map.tripId(), rendered, (kept, fresh) -> fresh.position() >= kept.position() ? fresh : kept);
        return rendered;
    }

    private byte[] piece(SeatMapView.Seat seat) {
        try {
            return json.writeValueAsBytes(new TripController.SeatResponse(seat.label(), seat.status(),
                    seat.category(), seat.price(), seat.row(), seat.number(), seat.x(), seat.y(), seat.expiresAt(),
                    null, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render seat " + seat.label(), e);
        }
    }

    private String quoted(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One trip's rendering: the seats it was made from, each seat's JSON, and, once asked for, the live
     * snapshot as every viewer holding none of its seats gets it.
     */
    public record Rendered(long position, Instant validUntil, byte[] head, List<SeatMapView.Seat> seats,
                           byte[][] pieces, AtomicReference<byte[]> sharedLiveSnapshot) {

        /**
         * The answer for {@code caller} (null when anonymous) of the seats {@code shown} accepts (a status, a
         * viewport), as the plain path would write it.
         */
        SeatMapAnswer answerFor(CurrentUser caller, Predicate<SeatMapView.Seat> shown) {
            return new SeatMapAnswer(this, caller == null ? null : caller.id().value(), shown);
        }

        /**
         * The first message of a live subscription of {@code viewer}, as API.md has it. Thousands of viewers
         * of an on-sale subscribe at once, and a megabyte each, queued until written, filled the heap: all
         * who hold none of the seats get the same bytes.
         */
        public byte[] liveSnapshotFor(String viewer) {
            boolean holdsSome = viewer != null && seats.stream().anyMatch(seat -> viewer.equals(seat.holder()));
            return holdsSome ? write(LIVE_SNAPSHOT, viewer)
                    : sharedLiveSnapshot.updateAndGet(kept -> kept != null ? kept : write(LIVE_SNAPSHOT, null));
        }

        /** {@code heldByMe} on the seats {@code viewer} (null: nobody) holds. */
        private byte[] write(byte[] opening, String viewer) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(length(opening, viewer, seat -> true));
            try {
                writeTo(out, opening, viewer, seat -> true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }

        int length(byte[] opening, String viewer, Predicate<SeatMapView.Seat> shown) {
            int length = opening.length + head.length + 2;
            int written = 0;
            for (int i = 0; i < pieces.length; i++) {
                if (shown.test(seats.get(i))) {
                    length += heldBy(i, viewer) ? pieces[i].length - 1 + HELD_BY_ME.length : pieces[i].length;
                    written++;
                }
            }
            return length + Math.max(0, written - 1);
        }

        void writeTo(OutputStream out, byte[] opening, String viewer, Predicate<SeatMapView.Seat> shown)
                throws IOException {
            out.write(opening);
            out.write(head);
            boolean first = true;
            for (int i = 0; i < pieces.length; i++) {
                if (!shown.test(seats.get(i))) {
                    continue;
                }
                if (!first) {
                    out.write(',');
                }
                first = false;
                if (heldBy(i, viewer)) {
                    out.write(pieces[i], 0, pieces[i].length - 1);
                    out.write(HELD_BY_ME);
                } else {
                    out.write(pieces[i]);
                }
            }
            out.write(']');
            out.write('}');
        }

        private boolean heldBy(int i, String viewer) {
            SeatMapView.Seat seat = seats.get(i);
            return viewer != null && seat.expiresAt() != null && viewer.equals(seat.holder());
        }
    }

    /** A reader's seat map (or the seats a filter picks), written by {@link SeatMapAnswerConverter} without a copy of its own. */
    public record SeatMapAnswer(Rendered rendered, String viewer, Predicate<SeatMapView.Seat> shown) {

        public int length() {
            return rendered.length(PLAIN, viewer, shown);
        }

        public void writeTo(OutputStream out) throws IOException {
            rendered.writeTo(out, PLAIN, viewer, shown);
        }
    }
}
