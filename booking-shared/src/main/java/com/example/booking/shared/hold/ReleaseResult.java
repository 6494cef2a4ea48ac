package com.example.booking.shared.hold;

import java.util.List;

/** The seats that were released; {@code position} is the trip's after the release. */
public record ReleaseResult(String tripId, List<String> released, long position) {
}
