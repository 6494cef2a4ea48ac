package com.example.booking.api.trip;

import com.example.booking.api.security.CurrentUser;
import com.example.booking.shared.seat.SeatMapView;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Seat maps as JSON, kept per trip and brought up to date seat by seat. A map of 10,000 seats is about
 * 1 MB of JSON; rendering all of it for every reader cost tens of milliseconds of CPU each, and during an
 * on-sale the trip changes between almost every two reads. Each seat's JSON is kept and rendered again
 * only when the seat changed; a reader's answer is the kept pieces joined, with {@code heldByMe} added
 * to the caller's own held seats. Admins, who also see holders, and filtered reads take the plain path.
 * Live subscribers' snapshots are the same seats under a {@code "type"}, so they come from here too.
 */
@Component
public class RenderedSeatMaps {

    /** About 100 bytes of JSON and a seat record per seat: a few tens of MB at most. */
    private static final int SEATS = 200_000;
    private static final byte[] HELD_BY_ME = ",\"heldByMe\":true}".getBytes(StandardCharsets.UTF_8);
    private static final byte[] PLAIN = "{".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LIVE_SNAPSHOT = "{\"type\":\"seats.snapshot\",".getBytes(StandardCharsets.UTF_8);

    private final ObjectMapper json;
    private final Map<String, Rendered> trips = new ConcurrentHashMap<>();

    public RenderedSeatMaps(ObjectMapper json) {
        this.json = json;
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
        if (!trips.containsKey(map.tripId())
                && trips.values().stream().mapToInt(kept -> kept.pieces().length).sum() + pieces.length > SEATS) {
            // a rough bound: the hot trips come back at their next read
            trips.clear();
        }
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

        /** The answer for {@code caller} (null when anonymous), as the plain path would write it. */
        byte[] answerFor(CurrentUser caller) {
            return write(PLAIN, caller == null ? null : caller.id().value());
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
            int size = opening.length + head.length + 2;
            for (byte[] piece : pieces) {
                size += piece.length + HELD_BY_ME.length + 1;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(size);
            out.writeBytes(opening);
            out.writeBytes(head);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    out.write(',');
                }
                SeatMapView.Seat seat = seats.get(i);
                if (viewer != null && seat.expiresAt() != null && viewer.equals(seat.holder())) {
                    out.write(pieces[i], 0, pieces[i].length - 1);
                    out.writeBytes(HELD_BY_ME);
                } else {
                    out.writeBytes(pieces[i]);
                }
            }
            out.write(']');
            out.write('}');
            return out.toByteArray();
        }
    }
}
