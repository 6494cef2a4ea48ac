package com.example.booking.command.deadline;

/** The payload of a hold's expiry deadline: which hold to expire. Stored by the scheduler until it fires. */
public record HoldExpiryDue(String holdId) {
}
