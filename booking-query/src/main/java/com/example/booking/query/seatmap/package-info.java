/** Seat maps, trip summaries and statistics, as MongoDB read models. */
package com.example.booking.query.seatmap;
