package com.example.booking.bench;

/** An answer: its HTTP status and, for a refusal, its API code. */
record Outcome(int status, String code) {
}
