package com.example.booking.bench;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RecorderTest {

    private static final long MS = 1_000_000L;
    private static final long SECOND = 1_000 * MS;

    @Test
    void aHiccupShowsInItsOwnSliceAndAnEmptySliceAsZero() {
        Recorder hold = new Recorder("hold");
        for (int i = 0; i < 100; i++) {
            hold.record(200 * MS, i * SECOND / 100, "201");
        }
        for (int i = 0; i < 100; i++) {
            hold.record(2 * MS, Recorder.SLICE_SECONDS * SECOND + i * SECOND / 100, "201");
        }
        hold.record(3 * MS, 3 * Recorder.SLICE_SECONDS * SECOND, "409 seat_held");

        Map<String, Object> summary = hold.summary(10);

        assertThat(summary.get("p99")).isEqualTo(200.0);
        assertThat(summary.get("p99BySlice")).isEqualTo(List.of(200.0, 2.0, 0.0, 3.0));
        assertThat(summary.get("succeededBySlice")).isEqualTo(List.of(100, 100, 0, 0));
        assertThat(summary.get("outcomes")).isEqualTo(Map.of("201", 200, "409 seat_held", 1));
    }
}
