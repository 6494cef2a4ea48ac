package com.example.booking.query.progress;

/** One segment of one processor, as the token-store decorators here key what they keep per segment. */
record SegmentKey(String processor, int segment) {
}
