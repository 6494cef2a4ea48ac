package com.example.booking.bench;

/** An answer: its HTTP status, for a refusal its API code, and for a confirmation its booking reference. */
record Outcome(int status, String code, String reference) {

    Outcome(int status, String code) {
        this(status, code, null);
    }
}
