/** Confirming held seats as bookings, and cancelling them. */
package com.example.booking.shared.booking;
