package com.example.booking.shared.booking;

/**
 * One traveller per booked seat. The identity-document number is personal data: {@link #toString()}
 * masks it so it never reaches a log line.
 */
public record Passenger(String firstName, String lastName, String idType, String idNumber) {

    @Override
    public String toString() {
        return "Passenger[firstName=" + firstName + ", lastName=" + lastName + ", idType=" + idType
                + ", idNumber=" + (idNumber == null ? null : "***") + "]";
    }

    public Passenger withoutIdNumber() {
        return new Passenger(firstName, lastName, idType, null);
    }
}
