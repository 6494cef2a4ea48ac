/** Seat maps and blocking seats. */
package com.example.booking.shared.seat;
