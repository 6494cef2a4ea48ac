/** Trips, their seat plans and their summaries. */
package com.example.booking.shared.trip;
