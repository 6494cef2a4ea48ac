/** The {@code TripSeats} aggregate: every decision about the seats of one trip. */
package com.example.booking.command.trip;
